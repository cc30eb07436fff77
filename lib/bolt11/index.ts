export { checkInvoice, type InvoiceAmountRule, type InvoiceCheck } from "./check-invoice";
export { decodeInvoice } from "./decode";
export { signInvoice, type InvoiceInput } from "./encode";
export {
  InvoiceError,
  isInvoiceError,
  NETWORK_LABEL,
  NETWORK_PREFIX,
  type DecodedInvoice,
  type InvoiceErrorCode,
  type Network,
} from "./types";
