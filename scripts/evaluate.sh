#!/usr/bin/env bash
# Label a bucket of class folders and evaluate the labels in one go:
#
#   scripts/evaluate.sh <bucket> <work-dir> [--model <dir>] [--tta <mode>] [--ground-truth <folder|manifest>] [evaluate options]
#
# <bucket> is a folder (local or s3a://) laid out as <bucket>/<class>/<image>. The predictions go to
# <work-dir>/predictions and the metrics (tables, metrics.json, report.html) to <work-dir>/metrics;
# both are replaced if they exist. Without --ground-truth the class folders of <bucket> are the truth.
# --tta none, flip or shift-flip replaces the model's test-time augmentation; any other options go
# to the evaluate job (e.g. --label-index-order fer2013).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
usage() { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
case "${1:-}" in -h|--help) usage; exit 0 ;; esac
[ $# -ge 2 ] || { usage >&2; exit 2; }
bucket=${1%/}; work=${2%/}; shift 2

label_args=()
truth=$bucket
evaluate_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --model|--tta) label_args+=("$1" "$2"); shift 2 ;;
    --ground-truth) truth=$2; shift 2 ;;
    *) evaluate_args+=("$1"); shift ;;
  esac
done

"$root/scripts/submit" label --input "$bucket" --output "$work/predictions" --mode overwrite "${label_args[@]}"
"$root/scripts/submit" evaluate --predictions "$work/predictions" --ground-truth "$truth" \
  --output "$work/metrics" --mode overwrite "${evaluate_args[@]}"
echo "Report: $work/metrics/report.html" >&2
