#!/bin/bash
# Runs `jcpoa-sim calibrate` over a Slurm job array, one generation at a time: each generation's
# particles are spread over SHARDS array tasks (scripts/calibrate-shard.sbatch), then merged here
# into the next generation's state, until the stopping rule ends the calibration and the merge
# writes the report. The result is the same bytes as `jcpoa-sim calibrate` on one machine with the
# same arguments (docs/cluster.md, docs/model.md §23).
#
# Usage, from the jcpoa-sim checkout, on a submit host:
#
#   scripts/calibrate-slurm.sh WORK_DIR OUT_DIR CALIBRATE_ARGS...
#   scripts/calibrate-slurm.sh work/fit reports/fit scenarios/stepwise.toml \
#       --targets scenarios/evidence/targets.toml \
#       --param hardliners.veto_strength=0.2:0.9 --param talks.indirect_progress_per_week=0.02:0.06
#
# WORK_DIR must be on a file system every node sees; a calibration stopped half-way goes on from its
# last merged generation when the same command is run again. Environment:
#   SHARDS       array tasks per generation (default 8)
#   CPUS         CPUs per task (default 1)
#   JCPOA_SIM    the jcpoa-sim binary (default: jcpoa-sim on the PATH)
#   SBATCH_ARGS  more sbatch options, e.g. "--partition=long --account=me"
set -euo pipefail
if [ $# -lt 3 ]; then
    sed -n '2,22p' "$0" >&2
    exit 2
fi
WORK=$1
OUT=$2
shift 2
SHARDS=${SHARDS:-8}
CPUS=${CPUS:-1}
JCPOA_SIM=${JCPOA_SIM:-jcpoa-sim}
export JCPOA_SIM
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$WORK/logs"
while :; do
    # shellcheck disable=SC2086  # SBATCH_ARGS is a list of options
    if ! sbatch --wait --quiet --array="1-$SHARDS" --cpus-per-task="$CPUS" \
        --output="$WORK/logs/%A_%a.out" ${SBATCH_ARGS:-} \
        "$HERE/calibrate-shard.sbatch" "$WORK" "$@"; then
        echo "calibrate-slurm.sh: a shard failed; its log is in $WORK/logs/" >&2
        exit 1
    fi
    result=$("$JCPOA_SIM" calibrate "$@" --work "$WORK" --merge --out "$OUT")
    printf '%s\n' "$result"
    case "$result" in
        *"next: generation"*) ;;
        *) break ;;
    esac
done
