-- A live withdraw link is a bearer capability to money, and no copy of one is kept at rest. Earlier versions
-- stored the serialized withdraw, links included, in event payloads and in Idempotency-Key responses. Remove
-- those links. The application now stores the link fields as null and derives links again when a caller
-- that may receive them is answered. (No semicolon anywhere but between statements, comments included: the migration
-- runner splits the file at every one.)
CREATE FUNCTION sluice_scrub_withdraw_links(w jsonb, reason text) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN w ? 'withdraw_methods_options' AND w->'withdraw_methods_options' ? 'lnurl' THEN
    jsonb_set(
      jsonb_set(w, '{withdraw_methods_options,lnurl}',
        (w->'withdraw_methods_options'->'lnurl') || jsonb_build_object('withdraw_request', null, 'lightning_uri', null, 'lnurlw', null, 'withdraw_request_withheld', reason)),
      '{paid_withdraw_request}', 'null'::jsonb, true)
  ELSE w END
$$;

UPDATE events SET payload = sluice_scrub_withdraw_links(payload, 'not_in_events') WHERE payload->>'object' = 'withdraw';

UPDATE idempotency_keys SET response_body = (
  CASE (response_body::jsonb)->>'object'
    WHEN 'withdraw' THEN sluice_scrub_withdraw_links(response_body::jsonb, 'read_only_access')
    WHEN 'withdraw_batch' THEN jsonb_set(response_body::jsonb, '{withdraws}', COALESCE(
      (SELECT jsonb_agg(sluice_scrub_withdraw_links(x, 'read_only_access')) FROM jsonb_array_elements((response_body::jsonb)->'withdraws') AS x), '[]'::jsonb))
    ELSE response_body::jsonb
  END)::text
WHERE response_body LIKE '%lnurlw://%' OR response_body LIKE '%LNURL1%';

DROP FUNCTION sluice_scrub_withdraw_links(jsonb, text);
