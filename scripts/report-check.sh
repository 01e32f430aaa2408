#!/usr/bin/env bash
# Renders a `pot report` page in headless Chromium (Debian's `chromium`) and checks what a
# reader must see: the verdict and checks, the confidence-sequence plot (running bounds, mean,
# scores, γ and δ), the score histogram, the training loss and accuracy and the step-proof
# table (when the page has a training run), the key and SRS digests; that the page loads
# nothing (no script, stylesheet, image or URL) and that Chromium logs no console message.
# A control page that logs to the console must be caught, so the check cannot pass blind.
# Usage: scripts/report-check.sh PAGE [SCREENSHOT.png]
set -euo pipefail
PAGE=$(realpath "$1")
SHOT=${2:-}
fail() { echo "report-check: $*" >&2; exit 1; }
command -v chromium >/dev/null || fail "chromium is not installed (scripts/setup.sh --test-fixtures installs it)"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Chromium writes the page's console messages to stderr as INFO:CONSOLE lines.
render() {  # page, dom output, log output, extra flags...
  local page=$1 dom=$2 log=$3; shift 3
  timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$WORK/profile" \
    --enable-logging=stderr --v=0 "$@" --dump-dom "file://$page" > "$dom" 2> "$log" || fail "chromium failed on $page: $(tail -5 "$log")"
}

printf '<!DOCTYPE html><html><body><p>control</p><script>console.error("control message")</script></body></html>\n' > "$WORK/control.html"
render "$WORK/control.html" "$WORK/control.dom" "$WORK/control.log"
grep -q 'CONSOLE.*control message' "$WORK/control.log" || fail "the console check does not see a control page's message"

render "$PAGE" "$WORK/dom.html" "$WORK/log.txt"
if grep -q 'CONSOLE' "$WORK/log.txt"; then fail "console messages: $(grep CONSOLE "$WORK/log.txt")"; fi
if grep -Eiq '<script|<link|<img|<iframe|src=|href=|url\(|@import|https?://' <(sed 's#xmlns="http://www.w3.org/2000/svg"##g' "$PAGE"); then
  fail "the page refers to something outside itself"
fi

python3 - "$WORK/dom.html" <<'PY'
import sys
from html.parser import HTMLParser

class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.svg, self.classes, self.text = {}, None, {}, []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids[a["id"]] = tag
        if tag == "svg":
            self.svg = a.get("id")
        for c in (a.get("class") or "").split():
            self.classes.setdefault(self.svg, {}).setdefault(c, []).append(tag)
    def handle_endtag(self, tag):
        if tag == "svg":
            self.svg = None
    def handle_data(self, data):
        self.text.append(data)

page = Page()
page.feed(open(sys.argv[1], encoding="utf-8").read())
text = " ".join(page.text)
def need(ok, what):
    if not ok:
        sys.exit(f"report-check: {what}")
def marks(svg, cls, tag, at_least=1):
    found = page.classes.get(svg, {}).get(cls, [])
    need(sum(t == tag for t in found) >= at_least, f"#{svg} lacks {at_least} <{tag} class={cls}>")

for section in ["summary", "verdict", "claims", "checks"]:
    need(section in page.ids, f"no #{section}")
need("VALID" in text or "INVALID" in text, "no verdict text")
if "behaviour" in page.ids:
    need(page.ids.get("confidence-sequence") == "svg", "no confidence-sequence plot")
    for cls, tag in [("bound-upper", "path"), ("bound-lower", "path"), ("running-mean", "path"), ("bounds-band", "path"),
                     ("threshold-gamma", "line"), ("threshold-delta", "line"), ("decision", "line")]:
        marks("confidence-sequence", cls, tag)
    marks("confidence-sequence", "score", "circle", at_least=2)
    need("γ = " in text and "δ = " in text, "γ and δ are not labelled")
    need(page.ids.get("score-histogram") == "svg", "no score histogram")
    marks("score-histogram", "bar", "rect")
if "training" in page.ids:
    need(page.ids.get("training-loss") == "svg", "no training loss plot")
    marks("training-loss", "loss", "path")
    need(page.ids.get("training-accuracy") == "svg", "no accuracy plot")
    marks("training-accuracy", "accuracy", "circle")
    need("step-proofs" in page.ids, "no step-proof table or note")
if "keys" in page.ids:
    need("srs-digest" in page.ids, "no SRS digest")
print("report-check: " + ", ".join(sorted(i for i in page.ids if i in ("behaviour", "training", "keys"))) + " sections render with their plots")
PY

if [ -n "$SHOT" ]; then
  timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$WORK/profile" --hide-scrollbars \
    --window-size=1200,5600 --screenshot="$(realpath -m "$SHOT")" "file://$PAGE" > /dev/null 2>&1 || fail "no screenshot"
  [ -s "$SHOT" ] || fail "the screenshot is empty"
fi
