"""One client run of the zone workflow, in a fresh process; prints one JSON line.

Run by :mod:`bench.compare` with the classic SDK's interpreter (its own virtualenv)
or ours; it imports only the standard library before the measured import, so the
same file drives every client::

    python bench/workload.py '{"client": "ours", "transport": "urllib3", "host": "127.0.0.1",
                               "port": 8080, "records": 500, "threads": 1, "zone": "w0.example"}'

Clients: ``ours``/``classic`` (the ``dyn`` package the interpreter finds: the same drop-in
code for both) and ``raw`` (``http.client``, one keep-alive connection, the same requests).
Workflow per thread: login, create zone, N record adds, publish, list, N TTL updates,
N deletes, logout (3N + 5 calls). With ``job_every`` the nodes of every such write are
named ``j...`` so that an emulator fault rule matching ``/j`` answers them with a job.
Output: ``wall`` (s), ``cpu`` (process user+system s), ``calls``, ``first_login`` (s from
before the import to after the first login), ``maxrss_kib``.
"""
import json
import resource
import sys
import threading
import time


#: Logins are serialised: the classic SDK's per-thread registry loses sessions created
#: concurrently by several threads (two first logins race on one dict), for every client alike.
_LOGIN_LOCK = threading.Lock()


def _node(i, job_every):
    return ("j%d" % i) if job_every and i % job_every == job_every - 1 else ("n%d" % i)


def sdk_workflow(opts, zone_name, first):
    """The workflow with a classic-compatible SDK (classic dyn 1.8.6 or ours)."""
    t0 = time.perf_counter()
    from dyn.tm.session import DynectSession
    from dyn.tm.zones import Zone

    kwargs = {"host": opts["host"], "port": opts["port"], "ssl": False}
    if opts["client"] == "ours" and opts.get("transport"):
        kwargs["transport"] = opts["transport"]
    with _LOGIN_LOCK:
        session = DynectSession(*opts["account"], **kwargs)
    if first is not None:
        first.append(time.perf_counter() - t0)
    zone = Zone(zone_name, "admin@" + zone_name, 3600)
    records = [zone.add_record(_node(i, opts.get("job_every")), "A", "192.0.2.%d" % (i % 250 + 1))
               for i in range(opts["records"])]
    zone.publish()
    zone.get_all_records()
    for record in records:
        record.ttl = 600
    for record in records:
        record.delete()
    session.log_out()
    return 3 * opts["records"] + 5


def raw_workflow(opts, zone_name, first):
    """The same requests over one :mod:`http.client` keep-alive connection (the floor)."""
    import http.client

    t0 = time.perf_counter()
    conn = http.client.HTTPConnection(opts["host"], opts["port"], timeout=30)
    headers = {"Content-Type": "application/json", "Accept": "application/json", "User-Agent": "raw"}
    calls = [0]

    def call(method, path, args=None):
        conn.request(method, "/REST/" + path, body=json.dumps(args or {}).encode(), headers=headers)
        answer = json.loads(conn.getresponse().read())
        calls[0] += 1
        if answer.get("status") != "success":
            raise RuntimeError("%s %s: %s" % (method, path, answer))
        return answer["data"]

    token = call("POST", "Session/", dict(zip(("customer_name", "user_name", "password"), opts["account"])))["token"]
    headers["Auth-Token"] = token
    if first is not None:
        first.append(time.perf_counter() - t0)
    call("POST", "Zone/%s/" % zone_name, {"rname": "admin@" + zone_name, "ttl": 3600})
    uris = []
    for i in range(opts["records"]):
        fqdn = "%s.%s" % (_node(i, opts.get("job_every")), zone_name)
        data = call("POST", "ARecord/%s/%s/" % (zone_name, fqdn), {"rdata": {"address": "192.0.2.%d" % (i % 250 + 1)}})
        uris.append("ARecord/%s/%s/%s/" % (zone_name, fqdn, data["record_id"]))
    call("PUT", "Zone/%s/" % zone_name, {"publish": True})
    call("GET", "AllRecord/%s/" % zone_name, {"detail": "Y"})
    for uri in uris:
        call("PUT", uri, {"ttl": 600})
    for uri in uris:
        call("DELETE", uri)
    call("DELETE", "Session/")
    conn.close()
    return calls[0]


def main(opts):
    """Run the workflow in ``opts['threads']`` threads (one session each); return the figures."""
    flow = raw_workflow if opts["client"] == "raw" else sdk_workflow
    threads = opts.get("threads", 1)
    first = [] if threads == 1 else None
    results, errors = [], []

    def run(n):
        try:
            results.append(flow(opts, "t%d.%s" % (n, opts["zone"]) if threads > 1 else opts["zone"], first))
        except BaseException as err:  # reported, not hidden
            errors.append(repr(err))

    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    if threads == 1:
        run(0)
    else:
        workers = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    wall = time.perf_counter() - t0
    usage1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (usage1.ru_utime - usage0.ru_utime) + (usage1.ru_stime - usage0.ru_stime)
    return {"wall": wall, "cpu": cpu, "calls": sum(results), "first_login": first[0] if first else None,
            "maxrss_kib": _peak_rss_kib(), "errors": errors}


def _peak_rss_kib():
    """This process's peak RSS (``VmHWM``; ``ru_maxrss`` survives ``exec`` on Linux, so it
    would report the parent's peak)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
