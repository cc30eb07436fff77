import QRCode from "qrcode";

/** A QR code as inline SVG: crisp at any size, on screen and in print. */
export async function QrCode({ value, label, className = "" }: { value: string; label: string; className?: string }) {
  const svg = (await QRCode.toString(value, { type: "svg", errorCorrectionLevel: "M", margin: 2 })).replace(
    "<svg ",
    '<svg width="100%" height="100%" ',
  );
  return <div role="img" aria-label={label} className={`bg-white ${className}`} dangerouslySetInnerHTML={{ __html: svg }} />;
}
