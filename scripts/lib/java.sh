# Sourced by the scripts under scripts/: runs a sluice program with plain java from build/lib.
SLUICE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

sluice_java() {
  local main_class="$1"; shift
  if ! ls "$SLUICE_HOME"/build/lib/sluice-node-*.jar >/dev/null 2>&1; then
    echo "sluice is not built: run $SLUICE_HOME/scripts/build first" >&2
    exit 2
  fi
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options on purpose
  exec java ${JAVA_OPTS:-} -cp "$SLUICE_HOME/build/lib/*" "$main_class" "$@"
}
