"""TM resources about the session itself: Session, Password, UserPermissionReport, Job."""
from __future__ import annotations

from ..envelope import (API_VERSION, Response, Result, bad_credentials, incomplete_body, invalid_field,
                       json_response, not_found)
from ..router import Context, RouteTable
from ..validate import Field, check_tm

__all__ = ["SESSION", "PASSWORD", "PERMISSION_REPORT", "JOB"]

ROUTES = RouteTable()
"""The routes this module serves (installed by its family)."""

SESSION = ROUTES.resource("Session")
PASSWORD = ROUTES.resource("Password")
PERMISSION_REPORT = ROUTES.resource("UserPermissionReport")
JOB = ROUTES.resource("Job")

LOGIN_FIELDS = (Field("customer_name"), Field("user_name"), Field("password"))
PASSWORD_FIELDS = (Field("password", nonempty=True),)
REPORT_FIELDS = (Field("user_name", required=False),)


@SESSION.route("POST", auth=False, operation="login", summary="Login failed")
def login(ctx: Context) -> Result:
    """Log in with ``customer_name``, ``user_name`` and ``password``; answer the token."""
    args = check_tm(ctx.args, LOGIN_FIELDS, "login", "Login failed")
    account = ctx.state.accounts.check(args["customer_name"], args["user_name"], args["password"])
    if account is None:
        raise bad_credentials()
    ctx.state.sweep_tokens()
    token = ctx.state.open_session(account, ctx.request.client_ip)
    ctx.token = token  # the login job belongs to the new token
    ctx.session = ctx.state.tokens[token]
    return Result({"token": token, "version": API_VERSION}, ["login: Login successful"])


@SESSION.route("GET", operation="isalive")
def is_alive(ctx: Context) -> Result:
    """Check that the token is alive."""
    return Result({}, ["isalive: User session is still active"])


@SESSION.route("PUT", operation="keepalive")
def keep_alive(ctx: Context) -> Result:
    """Keep the session alive (the idle timer was reset by the token check)."""
    return Result({}, ["keepalive: User session extended"])


@SESSION.route("DELETE", operation="logout")
def logout(ctx: Context) -> Result:
    """Log out: the token stops working."""
    ctx.state.close_session(ctx.token)
    return Result({}, ["logout: Logout successful"])


@PASSWORD.route("PUT", operation="update", summary="Password not updated")
def update_password(ctx: Context) -> Result:
    """Change the logged-in user's password."""
    args = check_tm(ctx.args, PASSWORD_FIELDS, "update", "Password not updated")
    account = ctx.state.accounts.find(ctx.customer, ctx.user)
    if account is None:  # the account was removed under a live token
        raise not_found("user", "No such user", "update", "Password not updated")
    ctx.state.accounts.add(account["customer"], account["username"], args["password"],
                           account["permissions"])
    return Result({}, ["update: Password updated"])


@PERMISSION_REPORT.route("POST", operation="report", summary="Report not generated")
def permission_report(ctx: Context) -> Result:
    """The permissions of ``user_name`` (default: the logged-in user) in the customer."""
    args = check_tm(ctx.args, REPORT_FIELDS, "report", "Report not generated")
    account = ctx.state.accounts.find(ctx.customer, args["user_name"] or ctx.user)
    if account is None:
        raise not_found("user_name", "No such user", "report", "Report not generated")
    allowed = [{"name": name} for name in account["permissions"]]
    return Result({"allowed": allowed, "forbidden": []}, ["report: Permission report generated"])


@JOB.route("GET", operation="get", summary="Job not found", store_job=False)
def get_job(ctx: Context) -> Response:
    """The stored response of a job of this token; ``incomplete`` while it "runs"."""
    if not ctx.segments:
        raise invalid_field("job_id", "This field is required", "get", "Job not found")
    raw = ctx.segments[0]
    if not raw.isdigit():
        raise invalid_field("job_id", "Expected an integer", "get", "Job not found")
    job = ctx.state.jobs.get(int(raw))
    if job is None or job.owner is None or job.owner != ctx.token:
        raise not_found("job_id", "No such job", "get", "Job not found")
    if job.polls > 0:
        job.polls -= 1
        return json_response(200, incomplete_body(job.job_id))
    return json_response(job.http_status, job.payload, job.headers)
