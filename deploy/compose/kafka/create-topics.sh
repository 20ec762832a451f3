#!/bin/sh
# Creates Parley's topics before the services start, with the partitions, cleanup policy and retention that
# contracts/src/main/java/dev/parley/contracts/Topics.java gives them (deploy-checks compares the two). Topics that
# exist are left as they are. Run by setup.sh, logged in as the administrator (KAFKA_COMMAND_CONFIG).
set -eu
bootstrap=${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}

# create_topic <name> <partitions> <compact|delete> [retention in ms]
create_topic() {
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" ${KAFKA_COMMAND_CONFIG:+--command-config "$KAFKA_COMMAND_CONFIG"} \
    --create --if-not-exists --topic "$1" --partitions "$2" --replication-factor 1 --config "cleanup.policy=$3" \
    ${4:+--config "retention.ms=$4"}
}

create_topic users 3 compact
create_topic friendships 6 compact
create_topic friend-events 3 delete
create_topic chat-messages 12 delete
create_topic connections 6 delete
create_topic presence-changes 6 delete
create_topic session-revocations 3 delete 3600000
