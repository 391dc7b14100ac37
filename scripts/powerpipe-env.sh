# Sourced by the scripts that run Powerpipe: headless, no update checks, no telemetry,
# its state under .cache/powerpipe.
export POWERPIPE_INSTALL_DIR="$PWD/.cache/powerpipe"
export POWERPIPE_UPDATE_CHECK=false
export POWERPIPE_TELEMETRY=none
