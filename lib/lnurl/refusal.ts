// An LNURL endpoint's refusal: sent as {"status":"ERROR","reason":…} with HTTP 200 (LUD-03), so the reason
// is short and written for the person holding the wallet.
export class LnurlRefusal extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "LnurlRefusal";
  }
}
