#!/bin/sh
# Run once per start by docker compose (service kafka-setup) before the services: creates each service's SCRAM
# login, allows it exactly what deploy/k8s/infrastructure/kafka-users.yaml allows its KafkaUser (deploy-checks
# compares both with what the services use), then creates the topics (create-topics.sh). Every step can be
# repeated: a login is set to the password in .env again, an ACL that exists is left alone.
set -eu
bootstrap=${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}
bin=/opt/kafka/bin
admin=/tmp/admin.properties

# The administrator logs in with PLAIN, whose only user the broker itself defines (docker-compose.yml).
umask 077
cat > "$admin" <<PROPERTIES
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$KAFKA_ADMIN_PASSWORD";
PROPERTIES

add_user() {
  "$bin/kafka-configs.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --alter \
    --entity-type users --entity-name "$1" --add-config "SCRAM-SHA-512=[iterations=8192,password=$2]" > /dev/null
}

# allow <user> <topic|group> <name> <literal|prefix> <Read|Write>
allow() {
  pattern=$4
  [ "$pattern" = prefix ] && pattern=prefixed
  "$bin/kafka-acls.sh" --bootstrap-server "$bootstrap" --command-config "$admin" --add --force \
    --allow-principal "User:$1" --operation "$5" --"$2" "$3" --resource-pattern-type "$pattern" > /dev/null
}

add_user auth-service "$KAFKA_AUTH_SERVICE_PASSWORD"
add_user friend-service "$KAFKA_FRIEND_SERVICE_PASSWORD"
add_user presence-service "$KAFKA_PRESENCE_SERVICE_PASSWORD"
add_user chat-service "$KAFKA_CHAT_SERVICE_PASSWORD"
add_user gateway "$KAFKA_GATEWAY_PASSWORD"

allow auth-service topic users literal Write
allow auth-service topic session-revocations literal Write
allow auth-service topic session-revocations literal Read

allow friend-service topic friendships literal Write
allow friend-service topic friend-events literal Write
allow friend-service topic users literal Read
allow friend-service topic session-revocations literal Read
allow friend-service group friend-service literal Read

allow presence-service topic presence-changes literal Write
allow presence-service topic connections literal Read
allow presence-service topic friendships literal Read
allow presence-service topic users literal Read
allow presence-service topic session-revocations literal Read
allow presence-service group presence-service literal Read
allow presence-service group presence-service-friendships literal Read
allow presence-service group presence-service-users literal Read
allow presence-service group presence-heartbeats- prefix Read

allow chat-service topic chat-messages literal Write
allow chat-service topic connections literal Write
allow chat-service topic users literal Read
allow chat-service topic friendships literal Read
allow chat-service topic friend-events literal Read
allow chat-service topic presence-changes literal Read
allow chat-service topic chat-messages literal Read
allow chat-service topic session-revocations literal Read
allow chat-service group chat-service literal Read
allow chat-service group chat-service-users literal Read
allow chat-service group chat-service-friendships literal Read

allow gateway topic session-revocations literal Read

echo "Kafka users and ACLs are in place."
KAFKA_COMMAND_CONFIG=$admin exec /bin/sh "$(dirname "$0")/create-topics.sh"
