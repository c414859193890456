#!/bin/sh
# Install the Debian packages coopmap needs to build, test and run. Idempotent; silent when
# everything is present; works as root without sudo (CI), or through sudo otherwise.
set -eu
PKGS="build-essential pkg-config perl ca-certificates
libgdal-dev gdal-bin libproj-dev proj-bin libgeos-dev
libsqlite3-dev sqlite3 libspatialite-dev libsqlite3-mod-spatialite
libcairo2-dev libpng-dev zlib1g-dev libpango1.0-dev fonts-dejavu-core
libmicrohttpd-dev libjansson-dev libsodium-dev
libjs-leaflet poppler-utils curl python3
chromium"
missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing$missing" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install-deps: need root or sudo for:$missing" >&2; exit 1; }
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
