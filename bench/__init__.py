"""Jisr benchmarks (``make bench`` / ``python -m bench [section ...]``): figures, not pass/fail.

Sections: ``quality`` (NDCG@10 on a benchmark drawn from the ESCO relations), ``titles``
(JobBERT development split), ``postings`` (Egyptian 2025 postings mapped onto ESCO),
``latency`` (embedded platform over HTTP at 10k and 100k vacancies, memory) and
``distributed`` (Kafka, Elasticsearch, PostgreSQL and three gunicorn processes).
Data is read from ``../shared/data`` beside the repository; results go to ``var/bench/``.
"""
