#!/usr/bin/env bash
# Times `derive check FOLDER` on a folder of 200 submissions made from derive's own worked solutions: every
# catalog problem in every style it has, as LaTeX, copied until there are 200, every third copy with one
# sign flipped on a line of its own (a wrong step to find). Release build:
#   swift build -c release && Benchmarks/batch.sh [path/to/derive]
set -euo pipefail
derive=${1:-"$(dirname "$0")/../.build/release/derive"}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
n=0
for p in softmax-ce softmax-jacobian ce-output softmax-ce-class logreg logreg-samples logreg-map; do
    for s in standard expanded einstein cases indicator jacobian; do
        "$derive" solve "$p" --style "$s" --no-check > "$dir/src-$n.tex" 2>/dev/null || { rm -f "$dir/src-$n.tex"; continue; }
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
steps=$("$derive" check "$dir/class" --format csv | awk -F, 'NR > 1 { s += $2 } END { print s }')
echo "200 submissions from ${#sources[@]} worked solutions, $steps steps in all, $(nproc) cores"
for run in 1 2 3; do
    start=$(date +%s.%N)
    "$derive" check "$dir/class" > /dev/null || true
    end=$(date +%s.%N)
    echo "run $run: $(echo "$end - $start" | bc) s"
done
