// The sample file the upload page offers: every column, a default ttl, a quoted descriptor with a comma, and
// one range (the customer takes 500 to 1000 sats) beside fixed amounts.
export const SAMPLE_BATCH_CSV = [
  "amount,currency,ttl,descriptor,min_amount",
  "1000,SATS,86400,Raffle prize,500",
  "2.50,USD,,Thank-you voucher,",
  "0.00002,BTC,3600,\"Meetup, table 4\",",
  "",
].join("\r\n");
