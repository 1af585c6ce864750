#!/usr/bin/env bash
# The walk-through of docs/demo.md against a running Imr.Local (start it first: npm ci && dotnet run --project src/Imr.Local).
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${IMR_API:-http://127.0.0.1:7071/api}
json='Content-Type: application/json'
state() { curl -s "$B/cases/CM13-0000001" | sed -n 's/.*"state":"\([A-Za-z]*\)".*/\1/p'; }
wait_for() { for _ in $(seq 1 60); do [ "$(state)" = "$1" ] && return 0; sleep 1; done; echo "case did not reach $1 (now $(state))" >&2; return 1; }

curl -sf "$B/health" >/dev/null
echo "1. reviewers";  curl -s -X POST "$B/reviewers" -H "$json" --data-binary @docs/demo/reviewer-occupational-medicine.json; echo
                      curl -s -X POST "$B/reviewers" -H "$json" --data-binary @docs/demo/reviewer-orthopedic-surgery.json; echo
echo "2. case";       curl -s -X POST "$B/cases" -H "$json" -H 'Idempotency-Key: demo-1' --data-binary @docs/examples/seed-case.json; echo
wait_for AwaitingRecords; curl -s "$B/cases/CM13-0000001"; echo
echo "3. records";    curl -s -X PUT "$B/cases/CM13-0000001/records/pr2-2013-10.pdf" -H 'Content-Type: application/pdf' --data-binary @docs/demo/sample-record.pdf; echo
                      curl -s -X POST "$B/cases/CM13-0000001/records/complete"; echo
wait_for UnderReview
# The assignment credential reaches the reviewer on the notice of assignment (the notifications queue is their inbox).
echo "4. decision";   token=$(docs/demo/notices.sh CM13-0000001 | python3 -c 'import sys, json; print(next(n["assignmentToken"] for m in map(json.loads, sys.stdin) for n in m.get("notices", []) if n.get("assignmentToken")))')
# Both demo reviewers fit the case; the decision comes from the one the case was assigned to.
                      reviewer=$(curl -s "$B/cases/CM13-0000001" | python3 -c 'import sys, json; print(json.load(sys.stdin)["reviewerId"])')
                      python3 -c 'import sys, json; d = json.load(open("docs/demo/decision.json")); d["reviewerId"] = sys.argv[1]; print(json.dumps(d))' "$reviewer" \
                        | curl -s -X POST "$B/cases/CM13-0000001/decision" -H "$json" -H "X-Assignment-Token: $token" --data-binary @-; echo
wait_for Determined
echo "5. letter";     curl -s -H 'Accept: application/pdf' -o CM13-0000001.pdf "$B/cases/CM13-0000001/determination" && ls -l CM13-0000001.pdf
                      curl -s -H 'Accept: text/plain' "$B/cases/CM13-0000001/determination" | head -40
