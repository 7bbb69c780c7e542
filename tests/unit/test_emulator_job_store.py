"""The answer store is bounded by bytes, and still serves every job a client can poll."""
import json

from dyn.emulator.envelope import json_response
from dyn.emulator.state import Job, JobStore


def answer(job_id, size):
    return json_response(200, {"status": "success", "data": {"blob": "x" * size}, "job_id": job_id, "msgs": []})


def test_window_is_capped_by_bytes_and_keeps_the_newest():
    store = JobStore(limit=1000, max_bytes=100_000)
    for job_id in range(1, 201):
        store.put(Job(job_id, "t", answer(job_id, 5_000).body, 200))
    assert store.stored_bytes <= 100_000
    assert store.get(1) is None
    assert store.get(200).payload["job_id"] == 200
    assert len(store) < 25


def test_every_job_a_client_can_poll_is_still_served():
    store = JobStore(limit=50, max_bytes=20_000)
    running = []
    for job_id in range(1, 2001):
        polls = 2 if job_id % 100 == 0 else 0
        store.put(Job(job_id, "t", answer(job_id, 3_000).body, 200, polls=polls))
        if polls:
            running.append(job_id)
        if job_id % 100 == 50:  # a stored answer promoted to a job afterwards
            store.get(job_id).polls = 1
            running.append(job_id)
    for job_id in running[-50:]:
        job = store.get(job_id)
        assert job is not None and job.payload["job_id"] == job_id
    assert store.stored_bytes <= 20_000


def test_encoded_answers_decode_on_demand():
    body = answer(7, 10).body
    job = Job(7, "t", body, 200)
    assert job.payload == json.loads(body) and job.size > len(body)
    assert Job(8, "t", {"a": 1}, 200).payload == {"a": 1}
