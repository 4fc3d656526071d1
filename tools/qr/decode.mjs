// Reads a PNG on stdin with pngjs and decodes the QR code in it with jsQR (neither written here), printing what a
// phone's camera would open, as JSON: { "data": "…" }, or { "data": null } when no code is found.
import jsQR from "jsqr";
import { PNG } from "pngjs";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);

const png = PNG.sync.read(Buffer.concat(chunks));
const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
process.stdout.write(JSON.stringify({ data: code ? code.data : null, width: png.width, height: png.height }));
