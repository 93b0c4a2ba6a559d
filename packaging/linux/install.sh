#!/usr/bin/env sh
# Install the one-folder build (dist/thidua, made by packaging/build.py) for the current user:
# the program under ~/.local/opt/thidua, a `thidua` command in ~/.local/bin, the menu entry and
# its icon. Run again to update; remove those three paths to uninstall (data stays in
# ~/.local/share/thidua).
set -eu
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$root/dist/thidua"
[ -x "$build/thidua" ] || { echo "Chưa có $build: chạy python packaging/build.py trước." >&2; exit 1; }
mkdir -p "$HOME/.local/opt" "$HOME/.local/bin" \
    "${XDG_DATA_HOME:-$HOME/.local/share}/applications" \
    "${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
rm -rf "$HOME/.local/opt/thidua"
cp -a "$build" "$HOME/.local/opt/thidua"
ln -sf "$HOME/.local/opt/thidua/thidua" "$HOME/.local/bin/thidua"
cp "$root/packaging/linux/thidua.desktop" "${XDG_DATA_HOME:-$HOME/.local/share}/applications/"
cp "$root/resources/icons/thidua-256.png" \
    "${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps/thidua.png"
echo "Đã cài Hồ sơ Thi đua vào $HOME/.local/opt/thidua (lệnh: thidua)."
