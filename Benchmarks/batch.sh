#!/usr/bin/env bash
# Times `derive check FOLDER --problem softmax-ce` on a folder of 200 submissions made from derive's own worked
# solutions of softmax-CE in the three styles that use the problem's names (17 to 37 steps), copied until there
# are 200, every third copy with one sign flipped (a wrong step to find). Release build:
#   swift build -c release && Benchmarks/batch.sh [path/to/derive]
set -euo pipefail
derive=${1:-"$(dirname "$0")/../.build/release/derive"}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
n=0
for p in softmax-ce; do
    for s in standard expanded einstein; do
        # --no-check exits 3 (not checked); a style the problem lacks exits 2 and writes nothing.
        "$derive" solve "$p" --style "$s" --no-check > "$dir/src-$n.tex" 2>/dev/null || true
        [ -s "$dir/src-$n.tex" ] || { rm -f "$dir/src-$n.tex"; continue; }
        n=$((n + 1))
    done
done
sources=("$dir"/src-*.tex)
mkdir "$dir/class"
for k in $(seq 0 199); do
    src=${sources[$((k % ${#sources[@]}))]}
    if [ $((k % 3)) -eq 0 ]; then
        # One wrong step: the first "= -" in the file becomes "= +".
        sed '0,/= -/s//= +/' "$src" > "$dir/class/s$k.tex"
    else
        cp "$src" "$dir/class/s$k.tex"
    fi
done
steps=$({ "$derive" check "$dir/class" --problem softmax-ce --format csv || true; } | awk -F, 'NR > 1 { s += $2 } END { print s }')
echo "200 submissions from ${#sources[@]} worked solutions, $steps steps in all, $(nproc) cores"
for run in 1 2 3; do
    start=$(date +%s.%N)
    "$derive" check "$dir/class" --problem softmax-ce > /dev/null || true
    end=$(date +%s.%N)
    echo "run $run: $(echo "$end - $start" | bc) s"
done
echo "statuses (67 copies have a flipped sign):"
"$derive" check "$dir/class" --problem softmax-ce --format csv | awk -F, 'NR > 1 { n[$8]++ } END { for (s in n) printf "%s %d  ", s, n[s]; print "" }' || true
