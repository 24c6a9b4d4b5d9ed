#!/usr/bin/env bash
# Installs everything Popper needs from Debian bookworm (run as root), then
# configures and builds it in ./build. Safe to run again: it only rebuilds.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config python3
  antlr4 libantlr4-runtime-dev
  llvm-16-dev zlib1g-dev libzstd-dev libedit-dev libffi-dev libxml2-dev libcurl4-openssl-dev
  libyaml-cpp-dev libcli11-dev libspdlog-dev libfmt-dev doctest-dev
  nlohmann-json3-dev libfast-float-dev libre2-dev libssl-dev
  sqlite3 libsqlite3-dev clang-format clang-tidy
  libexttextcat-dev libexttextcat-data apertium apertium-eng-spa fasttext libfasttext-dev
  libtesseract-dev libleptonica-dev tesseract-ocr-eng
  libcpp-httplib-dev nodejs chromium
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Debian's nodejs comes without npm; another nodejs (NodeSource's) brings its own.
command -v npm > /dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The studio's front end (studio/web): its npm packages as package-lock.json
# pins them, built into studio/web/dist, which `popper studio` serves.
(cd studio/web && npm ci --no-audit --no-fund && npm run build)

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build build -j "$(nproc)"
