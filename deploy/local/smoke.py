"""Smoke-check the local servers with the project's Python clients.

    python deploy/local/smoke.py [kafka] [elasticsearch] [postgres]

Needs kafka-python, elasticsearch (same major as the server) and
psycopg[binary] in the running interpreter. Exits non-zero on the first
failure. Reads KAFKA_BOOTSTRAP, ES_URL and PG_PORT like the app does.
"""

from __future__ import annotations

import os
import sys
import time
import uuid


def check_kafka() -> None:
    from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
    from kafka.admin import NewTopic

    bootstrap = os.environ.get("KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    topic = f"smoke-{uuid.uuid4().hex[:8]}"
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="smoke")
    admin.create_topics([NewTopic(topic, num_partitions=3, replication_factor=1)])
    assert topic in admin.list_topics(), "topic not created"

    producer = KafkaProducer(
        bootstrap_servers=bootstrap, acks="all", enable_idempotence=True,
        key_serializer=str.encode, value_serializer=str.encode,
    )
    for i in range(10):
        producer.send(topic, key=f"k{i}", value=f"v{i}").get(timeout=30)
    producer.flush()
    producer.close()

    group = f"smoke-group-{uuid.uuid4().hex[:6]}"
    consumer = KafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=group,
        auto_offset_reset="earliest", enable_auto_commit=False,
        consumer_timeout_ms=20000,
    )
    seen = set()
    for msg in consumer:
        seen.add(msg.value.decode())
        if len(seen) == 10:
            break
    assert len(seen) == 10, f"consumed {len(seen)} of 10"
    consumer.commit()
    committed = sum(
        (consumer.committed(tp) or 0) for tp in consumer.assignment()
    )
    consumer.close()
    assert committed == 10, f"committed offsets sum to {committed}"

    # A second consumer in the same group sees nothing new (commit held).
    again = KafkaConsumer(
        topic, bootstrap_servers=bootstrap, group_id=group,
        auto_offset_reset="earliest", enable_auto_commit=False,
        consumer_timeout_ms=6000,
    )
    leftover = [m for m in again]
    again.close()
    assert not leftover, f"{len(leftover)} messages redelivered after commit"
    admin.delete_topics([topic])
    admin.close()
    import kafka
    print(f"kafka ok: kafka-python {kafka.__version__}, topic {topic}, "
          f"10 produced (acks=all, idempotent), consumed and committed")


def check_elasticsearch() -> None:
    import elasticsearch
    from elasticsearch import Elasticsearch

    url = os.environ.get("ES_URL", "http://127.0.0.1:9200")
    es = Elasticsearch(url, request_timeout=30)
    # GET / (es.info()) is not served: the integ-test zip lacks the
    # rest-root module, so read the version from the nodes API instead.
    node = next(iter(es.nodes.info(filter_path="nodes.*.version")["nodes"].values()))
    index = f"smoke-{uuid.uuid4().hex[:8]}"
    es.indices.create(index=index, mappings={"properties": {
        "title": {"type": "text"}, "city": {"type": "keyword"}}})
    es.index(index=index, id="1", document={"title": "forklift driver",
                                            "city": "Amman"}, refresh=True)
    hits = es.search(index=index, query={"match": {"title": "driver"}})
    total = hits["hits"]["total"]["value"]
    assert total == 1, f"search found {total}"
    es.indices.delete(index=index)
    print(f"elasticsearch ok: server {node['version']}, "
          f"client {elasticsearch.__versionstr__}, index/search on {index}")


def check_postgres() -> None:
    import psycopg

    port = os.environ.get("PG_PORT", "5432")
    for db in ("jisr_employers", "jisr_skills", "jisr_matching", "jisr_auth",
               "jisr_test"):
        with psycopg.connect(f"postgresql://jisr@127.0.0.1:{port}/{db}") as conn:
            with conn.cursor() as cur:
                cur.execute("CREATE TABLE IF NOT EXISTS smoke (id int primary key, t text)")
                cur.execute("INSERT INTO smoke VALUES (1, 'مرحبا') ON CONFLICT (id) DO UPDATE SET t = excluded.t")
                cur.execute("SELECT t, current_user, version() FROM smoke")
                t, user, version = cur.fetchone()
                assert t == "مرحبا" and user == "jisr", (t, user)
                cur.execute("DROP TABLE smoke")
    print(f"postgres ok: {version.split(' on ')[0]}, user jisr, 5 databases")


CHECKS = {"kafka": check_kafka, "elasticsearch": check_elasticsearch,
          "postgres": check_postgres}

if __name__ == "__main__":
    names = sys.argv[1:] or list(CHECKS)
    for name in names:
        t0 = time.monotonic()
        CHECKS[name]()
        print(f"  ({time.monotonic() - t0:.1f}s)")
