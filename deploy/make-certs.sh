#!/bin/sh
# Makes the gateway's certificate for docker compose with openssl alone: a local certificate authority (ca.crt, to
# trust in browsers and clients; ca.key) and a server certificate signed by it (server.crt, the chain; server.key,
# PKCS#8, the only form the gateway reads).
#   deploy/make-certs.sh [folder] [host name or address]...
# docker compose runs it by itself (service gateway-certs, in a small image with openssl), so a machine with Docker
# needs nothing else; with openssl installed it runs on the host as well. The folder defaults to deploy/certs, which
# docker-compose.yml mounts (PARLEY_TLS_DIR in .env); the certificate is for localhost, 127.0.0.1 and ::1 plus the
# names given. Existing files are kept; delete the folder for new ones.
set -eu
cd "$(dirname "$0")/.."

folder=${1:-deploy/certs}
[ $# -gt 0 ] && shift

if [ -s "$folder/server.crt" ] && [ -s "$folder/server.key" ] && [ -s "$folder/ca.crt" ]; then
  echo "Keeping the certificate in $folder."
  exit 0
fi
mkdir -p "$folder"
umask 077

names="DNS:localhost,IP:127.0.0.1,IP:::1"
for name in "$@"; do
  case $name in
    *[!0-9.]*) case $name in *:*) names="$names,IP:$name" ;; *) names="$names,DNS:$name" ;; esac ;;
    *) names="$names,IP:$name" ;;
  esac
done

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 \
  -subj "/CN=Parley local CA" -keyout "$folder/ca.key" -out "$folder/ca.crt" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=${1:-localhost}" \
  -keyout "$folder/server.key.pem" -out "$folder/server.csr" 2>/dev/null
cat > "$folder/server.ext" <<EXTENSIONS
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=$names
EXTENSIONS
# 397 days: browsers refuse server certificates that are valid for longer.
openssl x509 -req -in "$folder/server.csr" -CA "$folder/ca.crt" -CAkey "$folder/ca.key" -CAcreateserial \
  -days 397 -extfile "$folder/server.ext" -out "$folder/server.leaf.crt" 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in "$folder/server.key.pem" -out "$folder/server.key"
cat "$folder/server.leaf.crt" "$folder/ca.crt" > "$folder/server.crt"
rm -f "$folder/server.key.pem" "$folder/server.csr" "$folder/server.ext" "$folder/server.leaf.crt" "$folder/ca.srl"
# The gateway runs as user 10001 and reads the key; the certificates are public.
chmod 644 "$folder/ca.crt" "$folder/server.crt"
chmod 600 "$folder/server.key" "$folder/ca.key"
if [ "$(id -u)" = 0 ]; then
  chown 10001:10001 "$folder/server.key"
else
  # Made on the host by another user: the container's user 10001 must still be able to read it.
  chmod 644 "$folder/server.key"
fi
echo "Made $folder/server.crt for $names; trust $folder/ca.crt."
