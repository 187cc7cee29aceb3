#!/usr/bin/env bash
# chitieu on a SLURM cluster: the corpus split into shards, one array task each, then one merge.
#
#   CHITIEU_RAW=/project/reports CHITIEU_SHARDS=64 scripts/slurm/chitieu-array.sh submit
#
# submits `sbatch --array=1-64` of this script (each task: `chitieu run --shard I/64`) and, after the array
# (afterany: a shard with failed documents still ends its record; a shard that did not finish makes the merge
# fail and say which), one `chitieu merge`. Every path must be on a filesystem all the nodes see:
#
#   CHITIEU_RAW     the folder of reports (read with its sub-folders)             (required)
#   CHITIEU_SHARDS  how many shards: the array is 1..CHITIEU_SHARDS                (default 16)
#   CHITIEU_WORK    where shards/, cache/, processed/ and reports/ go              (default ./chitieu-work)
#   CHITIEU         the chitieu command, e.g. /path/to/chitieu/.venv/bin/chitieu  (default: chitieu on PATH)
#   CHITIEU_LANG    the reports' language, vi or en                              (default vi)
#
# The cache (texts, OCR'd pages, extractions) is shared by the tasks: a task submitted again
# (CHITIEU_SHARDS=64 sbatch --array=17 --export=ALL scripts/slurm/chitieu-array.sh shard), or a later run of
# the whole corpus, OCRs no page twice.
# Edit the #SBATCH lines below for your cluster (or override them on the sbatch command line).
#
#SBATCH --job-name=chitieu
#SBATCH --cpus-per-task=4
#SBATCH --mem=8G
#SBATCH --time=08:00:00
#SBATCH --output=chitieu-%A_%a.log

set -euo pipefail

step="${1:-shard}"
raw="${CHITIEU_RAW:?set CHITIEU_RAW to the folder of reports}"
work="${CHITIEU_WORK:-${PWD}/chitieu-work}"
chitieu="${CHITIEU:-chitieu}"
lang="${CHITIEU_LANG:-vi}"
jobs="${SLURM_CPUS_PER_TASK:-1}"
shards="${CHITIEU_SHARDS:-16}"

case "${step}" in
  submit)
    mkdir -p "${work}"
    array=$(sbatch --parsable --array="1-${shards}" --export=ALL "$0" shard)
    sbatch --dependency="afterany:${array%%;*}" --export=ALL "$0" merge
    ;;
  shard)
    index="${SLURM_ARRAY_TASK_ID:?run the shard step as an array task (sbatch --array=1-N)}"
    exec "${chitieu}" run --raw "${raw}" --shard "${index}/${shards}" --shards "${work}/shards" \
      --cache "${work}/cache" --jobs "${jobs}" --lang "${lang}" --quiet
    ;;
  merge)
    exec "${chitieu}" merge --shards "${work}/shards" --data "${work}/processed" --out "${work}/reports" \
      --jobs "${jobs}" --quiet
    ;;
  *)
    echo "usage: $0 [submit|shard|merge]" >&2
    exit 2
    ;;
esac
