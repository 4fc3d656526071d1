// Checks a VC-JWT with Node's own crypto, as a verifier that shares no code with the app would: reads
// { "jwks": <JWK Set>, "jwt": "<compact JWS>", "statusListIndex": <optional number> } on stdin, finds the key named by
// the header's kid, verifies the ES256 signature (raw r||s, IEEE P1363) and prints { valid, kid, header, payload }.
// Given statusListIndex, the JWT is a Bitstring Status List credential: its encodedList (multibase base64url of a
// GZIP bitstring) is gunzipped with zlib and the bit at that index (leftmost bit of the first byte is index 0) is
// printed as bit, with the bitstring's length in bytes as listBytes. No npm package is needed.
import { createPublicKey, verify } from 'node:crypto';
import { gunzipSync } from 'node:zlib';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { jwks, jwt, statusListIndex } = JSON.parse(input);
const parts = String(jwt).split('.');
const decode = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
let result = { valid: false };
if (parts.length === 3) {
  const header = decode(parts[0]);
  const payload = decode(parts[1]);
  const jwk = (jwks.keys || []).find((k) => k.kid === header.kid);
  let valid = false;
  if (jwk && header.alg === 'ES256') {
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    valid = verify('sha256', Buffer.from(parts[0] + '.' + parts[1], 'ascii'), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(parts[2], 'base64url'));
  }
  result = { valid, kid: header.kid, header, payload };
  if (typeof statusListIndex === 'number') {
    const encoded = payload.vc.credentialSubject.encodedList;
    if (!encoded.startsWith('u')) throw new Error('encodedList is not multibase base64url');
    const bits = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    result.listBytes = bits.length;
    result.bit = (bits[Math.floor(statusListIndex / 8)] >> (7 - (statusListIndex % 8))) & 1;
  }
}
process.stdout.write(JSON.stringify(result));
