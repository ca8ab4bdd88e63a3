#!/usr/bin/env bash
# Builds Rampart and runs a cluster of three nodes on this machine, each its own JVM with its own embedded Aeron
# media driver, over UDP on loopback: nodes 2 and 3 host the group "work" (2 slots each), node 1 sends it tells
# and asks open loop. A third of the way into the run node 3 is killed with SIGKILL; node 1 goes on. Then it says
# what happened, in plain words: how long node 1 took to find node 3 lost, the asks that failed PEER_LOST, the
# tells in doubt, node 2 taking the rest, and whether every tell and ask is accounted for. Exits 1 if it is not.
#
# Usage: scripts/cluster-demo.sh [--seconds N]
#   --seconds N   how long node 1 sends (default 10: about 15 s in all, after the build)
#
# The nodes are io.rampart.demo.cluster.ClusterNode (benchmarks/examples), from benchmarks/target/benchmarks.jar.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

seconds=10
rate=5000
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds)
      [[ $# -ge 2 && $2 =~ ^[0-9]+$ && $2 -ge 3 ]] || { echo "cluster-demo: --seconds needs a whole number, 3 or more" >&2; exit 2; }
      seconds=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "cluster-demo: unknown argument '$1' (usage: scripts/cluster-demo.sh [--seconds N])" >&2; exit 2 ;;
  esac
done

echo "building (mvn package of benchmarks/dist, tests skipped)..."
mvn -B -q -pl benchmarks/dist -am package -DskipTests
jar="$root/benchmarks/target/benchmarks.jar"

logs=$(mktemp -d -t rampart-cluster-demo.XXXXXX)
# The embedded media drivers' directories: in memory where /dev/shm is; a node killed with SIGKILL leaves its own.
if [[ -d /dev/shm && -w /dev/shm ]]; then shm=/dev/shm; else shm=$logs; fi
aeron=$(mktemp -d -p "$shm" rampart-cluster-demo-aeron.XXXXXX)
pids=()
keep_logs=no
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$aeron"
  if [[ $keep_logs == yes ]]; then echo "the nodes' output is in $logs" >&2; else rm -rf "$logs"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Three free UDP ports on loopback, held together while they are picked so that they differ.
read -r p1 p2 p3 < <(python3 -c 'import socket
s = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(3)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
peers="1=$p1,2=$p2,3=$p3"
# Agrona (under Aeron) reaches into jdk.internal.misc on Java 17.
node=(java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -XX:+UseSerialGC -Xmx256m
      -cp "$jar" io.rampart.demo.cluster.ClusterNode --peers "$peers" --aeron-dir "$aeron")

total=$(( rate * seconds ))
asks=$(( total / 10 ))
tells=$(( total - asks ))
echo "starting three nodes on 127.0.0.1 (UDP ports $p1, $p2, $p3): node 2 and node 3 host \"work\" with 2 slots each;"
echo "node 1 will send $tells tells and $asks asks at $rate a second for $seconds s, and node 3 will be killed mid-run"
"${node[@]}" --id 2 --host-slots 2 > "$logs/node2.out" 2> "$logs/node2.err" &
n2=$!; pids+=("$n2")
"${node[@]}" --id 3 --host-slots 2 > "$logs/node3.out" 2> "$logs/node3.err" &
n3=$!; pids+=("$n3")

# wait_for FILE REGEX SECONDS: until a line of FILE matches, or fail saying so.
wait_for() {
  local file=$1 pattern=$2 limit=$(( $3 * 10 )) i
  for (( i = 0; i < limit; i++ )); do
    grep -qE "$pattern" "$file" 2>/dev/null && return 0
    sleep 0.1
  done
  keep_logs=yes
  echo "cluster-demo: no line matching '$pattern' in $(basename "$file") after $3 s" >&2
  return 1
}
wait_for "$logs/node2.out" '^READY' 60
wait_for "$logs/node3.out" '^READY' 60
"${node[@]}" --id 1 --send-to 2:2,3:2 --tells "$tells" --asks "$asks" --rate "$rate" \
  > "$logs/node1.out" 2> "$logs/node1.err" &
n1=$!; pids+=("$n1")
wait_for "$logs/node1.out" '^SENDING' 60
sending_ms=$(date +%s%3N)

sleep "$(awk -v s="$seconds" 'BEGIN { print s / 3 }')"
kill_ms=$(date +%s%3N)
kill -9 "$n3"
wait "$n3" 2>/dev/null || true
echo "killed node 3 with SIGKILL $(awk -v ms=$(( kill_ms - sending_ms )) 'BEGIN { printf "%.1f", ms / 1000 }') s into the run; node 1 goes on"

if wait "$n1"; then rc1=0; else rc1=$?; fi
kill -TERM "$n2" 2>/dev/null || true   # node 2 closes and prints its final count (BYE)
wait "$n2" 2>/dev/null || true

out1="$logs/node1.out"
# field LINE KEY: the value of KEY=... in LINE (empty if none).
field() { sed -n "s/.* $2=\(\"[^\"]*\"\|[^ ]*\).*/\1/p" <<< "$1" | tr -d '"'; }
# count KEY LIST: the number after KEY: in a k:v,k:v list (0 if none).
count() { local v; v=$(tr ',' '\n' <<< "$2" | sed -n "s/^$1:\([0-9]*\)$/\1/p"); echo "${v:-0}"; }
result=$(grep '^RESULT ' "$out1" || true)
lost=$(grep '^PEER_LOST id=1 peer=3 ' "$out1" | head -n 1 || true)
peer2=$(grep '^PEER_RESULT id=1 peer=2 ' "$out1" | tail -n 1 || true)
peer3=$(grep '^PEER_RESULT id=1 peer=3 ' "$out1" | tail -n 1 || true)
bye2=$(grep '^BYE ' "$logs/node2.out" | tail -n 1 || true)
last3=$(grep '^STATUS ' "$logs/node3.out" | tail -n 1 || true)
if [[ -z $result || -z $peer2 || -z $peer3 ]]; then
  keep_logs=yes
  echo "cluster-demo: node 1 ended (exit $rc1) without its RESULT; its output:" >&2
  grep -vE '^(PROGRESS|STATUS)' "$out1" >&2 || true
  exit 1
fi

ok=yes
check() { # check CONDITION-TEXT LEFT RIGHT: says it holds, or marks the run as not balanced
  if [[ $2 == "$3" ]]; then echo "    ok    $1"; else echo "    WRONG $1 ($2 != $3)"; ok=no; fi
}
accepted=$(field "$result" tellsAccepted); dead=$(field "$result" tellsDeadLettered)
sent2=$(field "$peer2" tellsSent); sent3=$(field "$peer3" tellsSent)
ack2=$(field "$peer2" acknowledged); ack3=$(field "$peer3" ackAtLoss); doubt3=$(field "$peer3" tellsInDoubt)
issued=$(field "$result" asksIssued); answered=$(field "$result" asksAnswered)
failed=$(field "$result" asksFailed); peer_lost=$(count PEER_LOST "$failed")
not_sent=$(( $(count UNAVAILABLE_NOT_CONNECTED "$failed") + $(count UNAVAILABLE_BACK_PRESSURED "$failed") ))
other_failed=$(( $(tr ',' '\n' <<< "${failed/#-/}" | awk -F: '{ n += $2 } END { print n + 0 }') - peer_lost - not_sent ))
handled2=$(field "$bye2" handled); refused2=$(field "$bye2" refusedOnArrival)

echo
echo "What happened"
echo "  node 1 sent $accepted tells and $issued asks to \"work\" on nodes 2 and 3, round robin over their 4 slots."
if [[ -n $lost ]]; then
  echo "  node 3 was killed; node 1 found it lost $(( $(field "$lost" t) - kill_ms )) ms later" \
       "($(field "$lost" why); the peer timeout is 1000 ms)"
  echo "  and routed around it:"
  echo "  - the $(field "$lost" asksFailed) asks in flight to node 3 failed with PEER_LOST, each once;"
  echo "  - $doubt3 tells sent to node 3 are in doubt: it took them but never acknowledged them, so nobody can"
  echo "    say whether it handled them before it died (at this rate most were sent after it died, before it was"
  echo "    found lost);"
  echo "    it had acknowledged $ack3 of its $sent3 before (its last status, up to 200 ms before the kill," \
       "said $(field "$last3" handled) handled);"
  echo "  - $dead tells and $not_sent asks queued for node 3's slots could not be handed to it: the tells were"
  echo "    dead-lettered on node 1 and the asks failed there (RemoteUnavailableException), never sent."
else
  echo "  node 3 was killed, but node 1 never reported it lost"; ok=no
fi
after_loss=$(field "$result" answersAfterLoss)
echo "  node 2 took the rest: it handled $handled2 tells in all (node 1 says it acknowledged $ack2), and every one"
echo "  of the $(count 2 "$after_loss") asks answered after node 3 was lost; $answered asks were answered in all," \
     "$(count 2 "$(field "$result" answersByNode)") by node 2 and $(count 3 "$(field "$result" answersByNode)") by node 3 before it died."
echo
echo "  Accounting"
check "tells accepted = dead-lettered on node 1 + offered to node 2 + offered to node 3: $accepted = $dead + $sent2 + $sent3" \
  "$accepted" "$(( dead + sent2 + sent3 ))"
check "node 2 (alive): tells sent = acknowledged = handled + refused on arrival there: $sent2 = $ack2 = $handled2 + $refused2" \
  "$sent2 $ack2" "$ack2 $(( handled2 + refused2 ))"
check "node 3 (killed): tells sent = acknowledged before the kill + in doubt: $sent3 = $ack3 + $doubt3" \
  "$sent3" "$(( ack3 + doubt3 ))"
check "asks: issued = answered + PEER_LOST + not sent + other failures: $issued = $answered + $peer_lost + $not_sent + $other_failed" \
  "$issued" "$(( answered + peer_lost + not_sent + other_failed ))"
check "asks answered by node 3 after it was lost: $(count 3 "$after_loss")" "$(count 3 "$after_loss")" 0
check "asks completed more than once, or never: $(field "$result" asksCompletedTwice) and $(field "$result" asksIncomplete)" \
  "$(field "$result" asksCompletedTwice) $(field "$result" asksIncomplete)" "0 0"
check "node 1's own verdict (exit code $rc1): balanced=$(field "$result" balanced)" "$rc1 $(field "$result" balanced)" "0 true"
echo
echo "  node 1's lines behind this:"
grep -E '^(PEER_LOST|PEER_RESULT|RESULT|PROBLEM)' "$out1" | sed 's/^/    /'
echo "    node 2: $bye2"
echo
if [[ $ok == yes ]]; then
  echo "cluster demo: every tell and ask is accounted for"
else
  keep_logs=yes
  echo "cluster demo: the accounting does NOT balance" >&2
  exit 1
fi
