#!/usr/bin/env bash
# Renders the site's bitmap images from their sources with headless Chromium (Debian's /usr/bin/chromium):
#   og-image.html  -> Cem.Functions/Pages/Assets/og-image.png  (1200×630, the link preview image)
#   favicon.svg    -> Cem.Functions/Pages/Assets/favicon.ico   (32×32 PNG inside an ICO, for /favicon.ico)
# The outputs are committed; run this after changing a source.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
assets="$here/../../Cem.Functions/Pages/Assets"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
shoot() { chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "$@" >/dev/null 2>&1; }

shoot --window-size=1200,630 --screenshot="$assets/og-image.png" "file://$here/og-image.html"

cat > "$work/favicon.html" <<HTML
<!doctype html><style>html,body{margin:0;background:transparent;overflow:hidden}img{display:block;width:32px;height:32px}</style><img src="file://$assets/favicon.svg">
HTML
shoot --default-background-color=00000000 --window-size=32,32 --screenshot="$work/favicon.png" "file://$work/favicon.html"

# An ICO holding one PNG image (every browser reads it): 6-byte header, one 16-byte directory entry, the PNG.
python3 - "$work/favicon.png" "$assets/favicon.ico" <<'PY'
import struct, sys
png = open(sys.argv[1], 'rb').read()
header = struct.pack('<HHH', 0, 1, 1)
entry = struct.pack('<BBBBHHII', 32, 32, 0, 0, 1, 32, len(png), 6 + 16)
open(sys.argv[2], 'wb').write(header + entry + png)
PY
echo "Wrote $assets/og-image.png and $assets/favicon.ico"
