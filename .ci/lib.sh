# Shared by .ci/start, .ci/test and .ci/deb: install what is missing, then build the UI.
# Sourced, not run. Safe to run again: every step checks before it installs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Build output lives outside the clone so a reused machine builds incrementally.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/regulars-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

# Tauri's build packages, and what the app and its tests run with (WebKitWebDriver,
# Xvfb, CJK fonts for SVG text, poppler for PDF checks).
APT_PACKAGES=(
  build-essential pkg-config file curl wget
  libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libxdo-dev libssl-dev
  xvfb xauth webkit2gtk-driver fonts-noto-cjk poppler-utils imagemagick
)

step() { printf '\n== %s\n' "$*"; }

ensure_system_packages() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "Missing system packages: ${missing[*]}. Install their equivalents for your system (see README)." >&2
    return 1
  fi
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  step "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

ensure_node_modules() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "Installing npm packages"
    npm ci --no-audit --no-fund
  fi
}

build_ui() {
  step "Building the UI"
  npx --no-install vite build --logLevel warn
}

prepare() {
  command -v cargo >/dev/null || { echo "Rust (cargo) is required: https://rustup.rs" >&2; exit 1; }
  command -v npm >/dev/null || { echo "Node.js with npm is required: https://nodejs.org" >&2; exit 1; }
  ensure_system_packages
  ensure_node_modules
  build_ui
}
