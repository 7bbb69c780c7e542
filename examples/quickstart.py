"""A first tour of the dyn SDK: sessions (Traffic Management) and email (Message Management).

Run it from a checkout::

    python examples/quickstart.py

Without credentials it starts the embedded emulator in this process (needs the
``emulator`` extra: ``pip install -e ".[emulator]"``) and talks to it on 127.0.0.1. To
use the real API, set ``DYN_CUSTOMER``, ``DYN_USERNAME`` and ``DYN_PASSWORD`` (and
``DYN_APIKEY`` for the email part). Against the real API the tour only logs in and
reads: it changes nothing in the account.

Each step is a small function taking the :class:`Target` to talk to, so the tour grows
by adding functions to :data:`TOUR`.
"""
import os
import sys
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if ROOT not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, ROOT)

from dyn.errors import APIError  # noqa: E402
from dyn.mm.session import MMSession  # noqa: E402
from dyn.tm.session import DynectSession  # noqa: E402

CREDENTIAL_VARIABLES = ("DYN_CUSTOMER", "DYN_USERNAME", "DYN_PASSWORD")


@dataclass
class Target:
    """Where the tour connects: the credentials and the session options."""

    customer: str
    username: str
    password: str = field(repr=False)
    apikey: Optional[str] = field(default=None, repr=False)
    #: host/port/ssl for the sessions; empty for the real API (the SDK's defaults)
    options: Dict[str, Any] = field(default_factory=dict)
    emulated: bool = False

    def login(self) -> DynectSession:
        """Log in (or get this thread's existing session for the same credentials)."""
        return DynectSession(self.customer, self.username, self.password, **self.options)


def heading(title: str) -> None:
    print()
    print(title)
    print("-" * len(title))


def say(text: str = "", *values: Any) -> None:
    print("  " + (text % values if values else text))


# --------------------------------------------------------------------------------------
# Traffic Management: sessions
# --------------------------------------------------------------------------------------
def tour_sessions(target: Target) -> None:
    """Log in, look at the session, use it from several threads, keep it alive, log out."""
    heading("Traffic Management: sessions")
    session = target.login()
    say("Logged in: %r", session)
    hidden = all(secret not in repr(session) for secret in (target.password, session.token) if secret)
    say("(the repr shows neither the password nor the token: %s)", "checked" if hidden else "LEAKED!")
    say("DynectSession.get_session() is this session: %s", DynectSession.get_session() is session)

    heading("One session per thread")
    _tour_threads(target, session)

    heading("Keeping the session alive")
    reply = session.keep_alive()
    say("keep_alive() -> %s: %s", reply["status"], _first_info(reply))
    say("is_alive() -> %s", session.is_alive())

    heading("Permissions")
    permissions = session.permissions
    say("%s has %d permissions, e.g. %s", target.username, len(permissions), ", ".join(permissions[:5]))

    heading("Logging out")
    session.log_out()
    say("log_out() done; is_alive() -> %s", session.is_alive())
    say("DynectSession.get_session() -> %r", DynectSession.get_session())


def _tour_threads(target: Target, main_session: DynectSession) -> None:
    """Two threads log in: each gets its own session; the main thread keeps its own."""
    results: List[str] = [""] * 2
    ready = threading.Barrier(2)

    def worker(index: int) -> None:
        name = threading.current_thread().name
        try:
            mine = target.login()  # this thread's own session
            ready.wait(timeout=30)  # both threads are logged in at the same time
            results[index] = "%s: get_session() is its own session: %s; not the main thread's: %s" % (
                name, DynectSession.get_session() is mine, mine is not main_session)
            mine.log_out()
        except Exception as err:  # shown, not hidden
            ready.abort()
            results[index] = "%s failed: %s: %s" % (name, type(err).__name__, err)

    threads = [threading.Thread(target=worker, args=(i,), name="worker-%d" % (i + 1)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for line in results:
        say(line)
    say("the main thread's session is unchanged: %s", DynectSession.get_session() is main_session)


def _first_info(reply: Dict[str, Any]) -> str:
    for message in reply.get("msgs") or []:
        if message.get("INFO"):
            return message["INFO"]
    return ""


# --------------------------------------------------------------------------------------
# Traffic Management: zones and records
# --------------------------------------------------------------------------------------
TOUR_ZONE = "quickstart-tour.example"


def tour_zones(target: Target) -> None:
    """Create a zone, add records, publish with a note, list them, delete the zone.
    Against the real API: only list the zones."""
    from dyn.tm.zones import Zone, get_all_zones

    heading("Traffic Management: zones")
    target.login()  # tour_sessions logged out
    zones = get_all_zones()
    say("The account has %d zone(s)%s", len(zones), ": " + ", ".join(z.name for z in zones[:5]) if zones else "")
    if not target.emulated:
        say("(real API: the tour changes nothing, so it stops here)")
        return

    zone = Zone(TOUR_ZONE, "hostmaster@%s" % TOUR_ZONE, 3600)
    say("Created %r (unpublished, serial %s)", zone, zone.serial)
    zone.add_record("www", "A", "192.0.2.10", ttl=300)
    zone.add_record("www", "AAAA", "2001:db8::10", ttl=300)
    zone.add_record(None, "MX", "mail.%s." % TOUR_ZONE, 10)
    zone.add_record(None, "TXT", "v=spf1 mx -all")
    zone.add_record("blog", "CNAME", "www.%s." % TOUR_ZONE)
    zone.add_record("_sip._tcp", "SRV", 5060, 10, "sip.%s." % TOUR_ZONE, 20)
    say("Added %d records; pending changes: %d", sum(len(r) for r in zone.records.values()),
        len(zone.get_changes()))

    zone.publish(notes="quickstart: first records")
    say("Published: serial %s", zone.serial)
    for key, records in sorted(zone.get_all_records().items()):
        for record in records:
            say("  %-14s %-36s %s", key, record.fqdn, record)
    for note in zone.get_notes(limit=3):
        say("Note (serial %s): %s", note.get("serial"), note.get("note"))

    zone.delete()
    say("Deleted %s", zone.name)


# --------------------------------------------------------------------------------------
# Traffic Management: Traffic Director
# --------------------------------------------------------------------------------------
TOUR_TD_ZONE = "quickstart-td.example"


def tour_traffic_director(target: Target) -> None:
    """Build a small geo + weighted Traffic Director service on a node, publish it, print
    its tree and delete it. Against the real API: only list the services."""
    from dyn.tm.services.dsf import (DSFARecord, DSFFailoverChain, DSFNode, DSFRecordSet, DSFResponsePool,
                                     DSFRuleset, TrafficDirector, get_all_dsf_services)
    from dyn.tm.zones import Zone

    heading("Traffic Management: Traffic Director")
    target.login()
    services = get_all_dsf_services()
    say("The account has %d Traffic Director service(s)%s", len(services),
        ": " + ", ".join(s.label for s in services[:5]) if services else "")
    if not target.emulated:
        say("(real API: the tour changes nothing, so it stops here)")
        return

    zone = Zone(TOUR_TD_ZONE, "hostmaster@%s" % TOUR_TD_ZONE, 3600)
    zone.publish()

    def pool(label: str, *addresses_and_weights: Any) -> DSFResponsePool:
        records = [DSFARecord(address, weight=weight) for address, weight in addresses_and_weights]
        record_set = DSFRecordSet("A", label=label, ttl=60, serve_count=1, records=records)
        return DSFResponsePool(label, rs_chains=[DSFFailoverChain(label, record_sets=[record_set])])

    europe = DSFRuleset("europe", "geoip", [pool("eu", ("192.0.2.1", 3), ("192.0.2.2", 1))],
                        criteria={"geoip": {"country": ["DE", "FR", "NL"]}})
    default = DSFRuleset("everyone else", "always", [pool("global", ("203.0.113.1", 1))], failover="203.0.113.99")
    service = TrafficDirector.create("quickstart", ttl=60, publish=False, rulesets=[europe, default],
                                     nodes=[DSFNode(TOUR_TD_ZONE, "www.%s." % TOUR_TD_ZONE)])
    say("Created %r (pending)", service)
    service.publish("quickstart: first version")
    say("Published; the service tree:")
    for line in service.tree().splitlines():
        say("  %s", line)

    service.delete()
    zone.delete()
    say("Deleted the service and %s", TOUR_TD_ZONE)


# --------------------------------------------------------------------------------------
# Message Management: email
# --------------------------------------------------------------------------------------
def tour_email(target: Target) -> None:
    """An MM session uses the account's API key: list the accounts it can see, send an
    e-mail (only against the emulator) and read the sent report."""
    import datetime
    import itertools

    from dyn.mm.accounts import add_sender, get_all_accounts
    from dyn.mm.message import send_message
    from dyn.mm.reports import get_sent_count, iter_sent

    heading("Message Management: accounts")
    if not target.apikey:
        say("DYN_APIKEY is not set: skipping the email part.")
        return
    mm = MMSession(target.apikey, **target.options)
    say("MM session: %r", mm)
    accounts = get_all_accounts()  # follows the 25-per-page listing for you
    say("The API key sees %d account(s):", len(accounts))
    for account in accounts:
        # str/repr of an account never show its API key; print chosen fields only.
        say("  %-28s %-8s emails sent: %s", account.username, account.user_type, account.email_sent)

    heading("Message Management: sending")
    if target.emulated:
        add_sender("tour@example.com")  # only approved senders may send
        result = send_message("Dyn tour <tour@example.com>",
                              ["ann@example.org", "open@test.dyn-emulator.invalid"],
                              "Hello from the dyn tour", body="Sent by examples/quickstart.py",
                              xheaders={"X-Tour": "quickstart"})
        say("send_message() -> %r", result)
        say("(open@test.dyn-emulator.invalid makes the emulator report an open)")
    else:
        say("Real API: nothing is sent; the tour only reads.")

    heading("Message Management: sent report (last 24 hours)")
    start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)
    say("%d message(s) sent", get_sent_count(start))
    for item in itertools.islice(iter_sent(start), 5):  # lazy: reads one page only
        say("  %s  %s", item["date"].isoformat(), item["emailaddress"])
    MMSession.close_session()


# --------------------------------------------------------------------------------------
# The tour
# --------------------------------------------------------------------------------------
#: The steps, in order. Later parts of the tour (zones, records, email sending) add here.
TOUR: List[Callable[[Target], None]] = [tour_sessions, tour_zones, tour_traffic_director, tour_email]


def target_from_environment(environ: Optional[Dict[str, str]] = None) -> Optional[Target]:
    """The real API when DYN_CUSTOMER, DYN_USERNAME and DYN_PASSWORD are all set, else None."""
    environ = os.environ if environ is None else environ
    values = [environ.get(name) for name in CREDENTIAL_VARIABLES]
    if not all(values):
        return None
    return Target(values[0], values[1], values[2], apikey=environ.get("DYN_APIKEY") or None)


def main(argv: Optional[List[str]] = None) -> int:
    """Run the tour; return the exit status."""
    target = target_from_environment()
    emulator = None
    if target is None:
        try:
            from dyn.emulator import Emulator

            emulator = Emulator(host="127.0.0.1", port=0)
        except ImportError as err:
            print("No DYN_* credentials set, and the embedded emulator is not available (%s).\n"
                  'Install it with: pip install -e ".[emulator]"' % err)
            return 2
        emulator.start()
        print("No DYN_* credentials set: using the embedded emulator at %s" % emulator.url)
        partial = [name for name in CREDENTIAL_VARIABLES if os.environ.get(name)]
        if partial:
            missing = [name for name in CREDENTIAL_VARIABLES if name not in partial]
            print("(%s set, but not %s)" % (", ".join(partial), ", ".join(missing)))
        customer, username, password = emulator.demo_account
        target = Target(customer, username, password, apikey=emulator.demo_apikey,
                        options=dict(emulator.session_kwargs), emulated=True)
    else:
        print("Using the real Dyn API as %s/%s" % (target.customer, target.username))
    try:
        for step in TOUR:
            step(target)
    except APIError as err:  # every SDK error (TM and MM) derives from APIError
        print()
        print("The tour stopped: %s: %s" % (type(err).__name__, err))
        return 1
    finally:
        DynectSession.close_session()
        MMSession.close_session()
        if emulator is not None:
            emulator.stop()
    print()
    print("Done.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
