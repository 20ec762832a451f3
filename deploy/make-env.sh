#!/bin/sh
# Fills every empty setting in .env (made from .env.example) with a fresh random secret: passwords (names ending in
# _PASSWORD) get 48 hex digits, which need no quoting in a JAAS line or a SCRAM setting; keys get the base64 of 32
# random bytes, which is what friend-service's keys must be. Settings that have a value are kept, so running it
# again changes nothing. Needs only a POSIX shell, so with Docker alone:
#   docker run --rm -v "$PWD:/parley" -w /parley alpine:3.22.2 sh deploy/make-env.sh
set -eu
cd "$(dirname "$0")/.."

env_file=${1:-.env}
if [ ! -f "$env_file" ]; then
  echo "No $env_file: copy .env.example to it first (cp .env.example $env_file)." >&2
  exit 1
fi

random_hex() {
  head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'
}

random_base64() {
  head -c 32 /dev/urandom | base64 | tr -d '\n'
}

filled=0
tmp="$env_file.$$"
trap 'rm -f "$tmp"' EXIT
: > "$tmp"
chmod 600 "$tmp"
while IFS= read -r line || [ -n "$line" ]; do
  case $line in
    [A-Z]*_PASSWORD=) line="$line$(random_hex)"; filled=$((filled + 1)) ;;
    [A-Z]*=) case ${line%=} in *[!A-Z0-9_]*) ;; *) line="$line$(random_base64)"; filled=$((filled + 1)) ;; esac ;;
  esac
  printf '%s\n' "$line" >> "$tmp"
done < "$env_file"
mv "$tmp" "$env_file"
trap - EXIT
echo "Filled $filled empty setting(s) in $env_file."
