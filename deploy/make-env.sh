#!/usr/bin/env bash
# Fills every empty setting in .env (made from .env.example) with a fresh random secret: the base64 of 32 random
# bytes, which is what friend-service's keys must be and makes a good password. Settings that have a value are kept,
# so running it again changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

env_file=${1:-.env}
if [[ ! -f $env_file ]]; then
  echo "No $env_file: copy .env.example to it first (cp .env.example $env_file)." >&2
  exit 1
fi

filled=0
tmp=$(mktemp "$env_file.XXXXXX")
trap 'rm -f "$tmp"' EXIT
while IFS= read -r line || [[ -n $line ]]; do
  if [[ $line =~ ^([A-Z][A-Z0-9_]*)=$ ]]; then
    line="${BASH_REMATCH[1]}=$(openssl rand -base64 32)"
    filled=$((filled + 1))
  fi
  printf '%s\n' "$line" >> "$tmp"
done < "$env_file"
chmod 600 "$tmp"
mv "$tmp" "$env_file"
trap - EXIT
echo "Filled $filled empty setting(s) in $env_file."
