#!/usr/bin/env bash
# sip-inspect's contract: JSON for a parsed message (exit 0), JSON error (exit 1), usage (exit 2).
#   sip_inspect_test.sh SIP_INSPECT REPO_ROOT CORPUS_DIR
set -u
inspect=$1 root=$2 corpus=$3
failed=0 passed=0
check() { # name command...
    local name=$1
    shift
    if "$@"; then passed=$((passed + 1)); else echo "FAIL: $name"; failed=$((failed + 1)); fi
}
json_has() { # file python-expression-over-j
    python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2"
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$inspect" "$root/examples/messages/invite.sip" >"$tmp/invite.json"
check "invite exits 0" test $? -eq 0
check "invite is a request with the keys" json_has "$tmp/invite.json" \
    'j["kind"]=="request" and j["method"]=="INVITE" and j["request_uri"].startswith("sip:") and j["body_length"]>0 and all(set(h)>={"name","value"} for h in j["headers"])'
check "invite headers in order with long names" json_has "$tmp/invite.json" \
    '[h["name"] for h in j["headers"]][:2]==["Via","Max-Forwards"]'

"$inspect" - <"$corpus/rfc4475/unreason.dat" >"$tmp/unreason.json"
check "stdin response exits 0" test $? -eq 0
check "response keys" json_has "$tmp/unreason.json" \
    'j["kind"]=="response" and j["status"]==200 and "простое" in j["reason"]'

printf 'INVITE sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bK1\r\nl: 0\r\n\r\n' >"$tmp/compact.sip"
"$inspect" "$tmp/compact.sip" >"$tmp/compact.json"
check "compact names printed long" json_has "$tmp/compact.json" \
    '[h["name"] for h in j["headers"]]==["Via","Content-Length"] and j["headers"][1]["value"]=="0"'

"$inspect" "$corpus/rfc4475/ncl.dat" >"$tmp/ncl.json"
check "parse error exits 1" test $? -eq 1
check "parse error JSON" json_has "$tmp/ncl.json" \
    'j["error"]=="content_length_negative" and isinstance(j["offset"],int) and j["message"]'

check "invite typed Via, CSeq, Max-Forwards" json_has "$tmp/invite.json" \
    'j["headers"][0]["typed"][0]["branch"]=="z9hG4bK776asdhds" and [h for h in j["headers"] if h["name"]=="CSeq"][0]["typed"]=={"number":314159,"method":"INVITE"} and [h for h in j["headers"] if h["name"]=="Max-Forwards"][0]["typed"]["value"]==70'
check "invite unknown headers stay raw" python3 -c '
import json, sys
j = json.load(open(sys.argv[1]))
known = {"Via","Max-Forwards","To","From","Call-ID","CSeq","Contact","Allow","Supported","User-Agent","Content-Type","Content-Length"}
sys.exit(0 if all(("typed" in h) == (h["name"] in known) for h in j["headers"]) else 1)' "$tmp/invite.json"

"$inspect" --validate "$root/examples/messages/invite.sip" >"$tmp/invite-v.json"
check "--validate exits 0" test $? -eq 0
check "--validate acceptable is null" json_has "$tmp/invite-v.json" 'j["validation"]["status"] is None'

"$inspect" --validate "$corpus/rfc4475/bext01.dat" >"$tmp/bext01.json"
check "--validate 420" json_has "$tmp/bext01.json" \
    'j["validation"]=={"status":420,"reason":"Bad Extension","detail":j["validation"]["detail"]}'
"$inspect" --validate --role proxy "$corpus/rfc4475/zeromf.dat" >"$tmp/zeromf.json"
check "--validate --role proxy 483" json_has "$tmp/zeromf.json" 'j["validation"]["status"]==483'
"$inspect" --validate --role registrar "$corpus/rfc4475/unksm2.dat" >"$tmp/unksm2.json"
check "--validate --role registrar 400" json_has "$tmp/unksm2.json" 'j["validation"]["status"]==400'
"$inspect" --validate "$corpus/rfc4475/bcast.dat" >"$tmp/bcast.json"
check "--validate response discard" json_has "$tmp/bcast.json" 'j["validation"]["status"]=="discard"'
"$inspect" --validate --role registrar "$corpus/rfc4475/scalar02.dat" >"$tmp/scalar02.json"
check "--validate bad header exits 0, typed error shown" json_has "$tmp/scalar02.json" \
    'j["validation"]["status"]==400 and [h for h in j["headers"] if h["name"]=="CSeq"][0]["typed"]["error"]=="cseq_invalid"'
"$inspect" --validate "$corpus/rfc4475/ncl.dat" >"$tmp/ncl-v.json"
check "--validate parse error exits 1 with a verdict" test $? -eq 1
check "--validate parse error verdict" json_has "$tmp/ncl-v.json" 'j["validation"]["status"]==400'
"$inspect" --validate --role bogus "$tmp/compact.sip" >/dev/null 2>&1
check "bad --role exits 2" test $? -eq 2

"$inspect" --repeat 1000 "$corpus/rfc4475/wsinv.dat" >"$tmp/wsinv.json"
check "--repeat parses and prints once" json_has "$tmp/wsinv.json" 'j["method"]=="INVITE"'

# Every torture message gives valid JSON, with exit 0 or 1.
mkdir "$tmp/torture"
for f in "$corpus"/rfc4475/*.dat; do
    "$inspect" "$f" >"$tmp/torture/$(basename "$f").json"
    rc=$?
    check "$(basename "$f") exit status" test $rc -eq 0 -o $rc -eq 1
done
check "torture outputs are valid JSON" python3 -c '
import json, pathlib, sys
for p in sorted(pathlib.Path(sys.argv[1]).glob("*.json")):
    try:
        json.loads(p.read_text(encoding="utf-8"))
    except Exception as e:
        print(f"{p.name}: {e}")
        sys.exit(1)' "$tmp/torture"

"$inspect" >/dev/null 2>&1
check "no argument exits 2" test $? -eq 2
"$inspect" --bogus x >/dev/null 2>&1
check "unknown option exits 2" test $? -eq 2
"$inspect" --repeat 0 x >/dev/null 2>&1
check "bad --repeat exits 2" test $? -eq 2
"$inspect" "$tmp/does-not-exist" >/dev/null 2>&1
check "unreadable file exits 2" test $? -eq 2

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
