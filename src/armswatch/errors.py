"""The one tree of armswatch errors.

Every error a user can meet is an ``ArmswatchError`` with a stable kebab-case ``code`` and a
message that names the fix. Shells map them to exit codes and HTTP statuses here, in one place.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import datetime


class ArmswatchError(Exception):
    code = "armswatch-error"
    exit_code = 1
    http_status = 400

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_dict(self) -> dict[str, object]:
        return {"error": {"code": self.code, "message": self.message, **self.details}}


class UsageError(ArmswatchError):
    """A request that cannot be answered as asked (inverted years, bad option value)."""

    code = "bad-request"
    exit_code = 2
    http_status = 422


class NotFound(ArmswatchError):
    code = "not-found"
    exit_code = 2
    http_status = 404


def suggestions(value: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Closest valid choices for a misspelt value (spaCy-style 'did you mean')."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    hits = difflib.get_close_matches(value.lower(), list(lowered), n=n, cutoff=0.6)
    return [lowered[h] for h in hits]


class UnknownParty(NotFound):
    code = "unknown-party"

    def __init__(self, name: str, choices: Iterable[str] = (),
                 labels: dict[str, str] | None = None) -> None:
        """``labels`` maps aliases to canonical names, so 'Burmah' suggests Myanmar (via Burma)."""
        self.name = name
        labels = labels or {c: c for c in choices}
        close = list(dict.fromkeys(labels[hit] for hit in suggestions(name, labels)))
        hint = f" Did you mean {', '.join(close)}?" if close else " Run `armswatch parties` for the list."
        super().__init__(f"Unknown party {name!r}.{hint}", party=name, suggestions=close)


class UnknownRelease(NotFound):
    code = "unknown-release"


class NoMilexData(NotFound):
    """No SIPRI Milex workbook is loaded (issue 7)."""

    code = "no-milex-data"

    def __init__(self) -> None:
        super().__init__("No SIPRI Milex workbook is loaded. Run `armswatch import "
                         "SIPRI-Milex-data-1949-2024.xlsx` (SIPRI's military expenditure workbook, "
                         "from https://www.sipri.org/databases/milex).")


class NoSipriData(UnknownRelease):
    """No SIPRI data here (issue 20): the code is built and passed on without SIPRI's data, which is
    its own distribution (armswatch-data-sipri) or comes from `armswatch update` / `import`."""

    code = "no-sipri-data"

    def __init__(self) -> None:
        from armswatch.terms import GET_DATA

        super().__init__(f"No SIPRI data is loaded. {GET_DATA}")


class SipriUnavailable(ArmswatchError):
    """`armswatch update` could not get an answer from SIPRI's backend (offline, too slow, or the
    request refused); nothing was imported (issue 20)."""

    code = "sipri-unavailable"
    exit_code = 69   # EX_UNAVAILABLE
    http_status = 502


class SipriAnswerMalformed(ArmswatchError):
    """SIPRI's backend answered with something that is not the trade register armswatch reads;
    nothing was imported (issue 20)."""

    code = "sipri-answer-malformed"
    exit_code = 65   # EX_DATAERR
    http_status = 502


class UnreadableFile(ArmswatchError):
    """A file that cannot be read at all (missing, a directory, not a SIPRI export)."""

    code = "unreadable-file"
    exit_code = 1


class UnknownClaim(NotFound):
    """A claim id that is not in the review store (issue 5)."""

    code = "unknown-claim"

    def __init__(self, claim_id: str, choices: Iterable[str] = ()) -> None:
        close = suggestions(claim_id, choices)
        hint = (f" Did you mean {', '.join(close)}?" if close else
                " Run `armswatch review list` for the stored claims.")
        super().__init__(f"No claim {claim_id!r} in the review store.{hint}", claim_id=claim_id,
                         suggestions=close)


class DatabaseBusy(ArmswatchError):
    """Another armswatch process kept the database locked for longer than the retry window."""

    code = "database-busy"
    exit_code = 75
    http_status = 503


class DatabaseLocked(DatabaseBusy):
    """Another process held the database file's lock for longer than an open waits (db.py):
    DuckDB lets one process open a file while another writes it. A running ``armswatch serve``
    holds it only while it writes or re-reads it (docs/architecture.md)."""

    code = "database-locked"

    def __init__(self, path: str, program: str | None = None, pid: int | None = None,
                 server: bool = False) -> None:
        self.path, self.program, self.pid, self.server = path, program, pid, server
        holder = f"{program} (PID {pid})" if program and pid else "another process"
        if server:
            holder += ", a running `armswatch serve`"
            fix = (" The server holds the file only while it writes (an import, a review) or "
                   "re-reads it; run this again when that finishes.")
        else:
            stop = f" (`kill {pid}`)" if pid else ""
            fix = f" Wait for it to finish or stop it{stop}, then run this again."
        self.holder = holder
        super().__init__(f"The database {path} is in use by {holder}.{fix}", path=path,
                         program=program, pid=pid, server=server)


class DatabaseUnreachable(ArmswatchError):
    """A PostgreSQL database (``--db postgresql://...``, issue 19) that does not answer or
    refuses the connection. The URL is shown with its password replaced by ``***``."""

    code = "database-unreachable"
    exit_code = 69   # EX_UNAVAILABLE
    http_status = 503

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"Cannot reach the PostgreSQL database {url}: {reason}. Check that the "
                         "server runs and accepts connections from here, and the URL's user, host, "
                         "port and database name (--db or $ARMSWATCH_DB; docs/team.md).",
                         url=url)


class AlreadyDecided(ArmswatchError):
    """A review decision made on a claim that someone decided after the state the reviewer saw
    (issue 19: decisions serialised per claim); it is not written."""

    code = "already-decided"
    http_status = 409

    def __init__(self, claim_id: str, entry_id: str, action: str, reviewer: str,
                 decided_at: datetime) -> None:
        done = "accepted" if action == "accept" else "rejected"
        super().__init__(f"Claim {claim_id} was already {done} by {reviewer} at "
                         f"{decided_at:%Y-%m-%d %H:%M:%S} UTC, after what you saw; your decision "
                         "was not written. Look at the claim again and decide on what it shows "
                         "now.", claim_id=claim_id, entry_id=entry_id, action=action,
                         reviewer=reviewer, decided_at=decided_at.isoformat())


# ===== The web app and JSON API (issue 6; docs/web.md) =====
class TokenRequired(ArmswatchError):
    """A write (import, store, review) without a token: reading is open, writing is not."""

    code = "token-required"
    http_status = 401

    def __init__(self) -> None:
        super().__init__("Writing needs a token. Ask an admin for one (`armswatch user add NAME "
                         "--role reviewer`), then send it as `Authorization: Bearer TOKEN` (API) "
                         "or sign in at /login (pages).")


class InvalidToken(ArmswatchError):
    code = "token-invalid"
    http_status = 401

    def __init__(self) -> None:
        super().__init__("The token is not known to this database, or was revoked. Ask an "
                         "admin for a new one (`armswatch token create --name NAME` against the "
                         "same --db; `armswatch user list` shows who is revoked).")


class CsrfFailed(ArmswatchError):
    """A form post whose anti-forgery token does not match its cookie (or from another site)."""

    code = "csrf-failed"
    http_status = 403


class PayloadTooLarge(ArmswatchError):
    code = "payload-too-large"
    http_status = 413

    def __init__(self, limit_bytes: int) -> None:
        super().__init__(f"The upload is over the limit of {limit_bytes:,} bytes "
                         f"({limit_bytes // 1024:,} KiB); send a smaller file.",
                         limit_bytes=limit_bytes)


class MethodNotAllowed(ArmswatchError):
    code = "method-not-allowed"
    http_status = 405


class InternalError(ArmswatchError):
    """The web app's last line of defence: a failure with no better code (never a traceback)."""

    code = "internal-error"
    exit_code = 70
    http_status = 500


class ImportRefused(UsageError):
    """Web/API import of a file with problems: nothing was written; ``report`` lists them."""

    code = "import-refused"

    def __init__(self, report: dict[str, object]) -> None:
        super().__init__("The file was refused and nothing was written; `report.problems` lists "
                         "each problem with its code and line (docs/errors.md).", report=report)
# ===== end of issue 6 =====


class ExtractorModelMissing(ArmswatchError):
    """A shipped extractor model (armswatch/data/models/<kind>.json) is missing or unreadable."""

    code = "extractor-model-missing"
    exit_code = 70
    http_status = 500

    def __init__(self, kind: str, why: str) -> None:
        super().__init__(f"The {kind} model of the extractor is {why}: rebuild it with `make train` "
                         f"(needs ../shared/corpus) or reinstall armswatch.", kind=kind)
        self.kind = kind


class UserModelUnreadable(ExtractorModelMissing):
    """A model trained by ``armswatch train`` (the user's models directory) cannot be read."""

    code = "user-model-unreadable"

    def __init__(self, kind: str, path: object, why: str) -> None:
        ArmswatchError.__init__(self, f"Your trained {kind} model {path} is {why}: run `armswatch "
                                f"train --with-reviews` again, or delete the file to use the "
                                f"shipped model.", kind=kind, path=str(path))
        self.kind = kind


class TrainingDataMissing(ArmswatchError):
    """``armswatch train`` found no labelled documents, or no reviewed ones with --with-reviews."""

    code = "training-data-missing"
    exit_code = 66  # EX_NOINPUT

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message, **details)



# ===== Users, roles and schema versions (issue 19; docs/team.md) =====
class RoleForbidden(ArmswatchError):
    """A signed-in user whose role does not allow this write (a viewer reviewing, a reviewer
    importing)."""

    code = "role-forbidden"
    http_status = 403

    def __init__(self, user: str, role: str, needed: str, action: str) -> None:
        super().__init__(f"{user!r} is a {role}; {action} needs the {needed} role. An admin can "
                         f"give it with `armswatch user role {user} {needed}`.", user=user,
                         role=role, needed=needed)


class UnknownUser(NotFound):
    code = "unknown-user"

    def __init__(self, name: str, choices: Iterable[str]) -> None:
        close = suggestions(name, choices)
        hint = (f" Did you mean {', '.join(close)}?" if close else
                " Run `armswatch user list` for the users.")
        super().__init__(f"No user {name!r} in this database.{hint}", user=name,
                         suggestions=close)


class UnknownToken(NotFound):
    code = "unknown-token"

    def __init__(self, token_id: str) -> None:
        super().__init__(f"No token with id {token_id!r}. `armswatch user list --tokens` shows "
                         "each token's id.", token_id=token_id)


class UserExists(UsageError):
    code = "user-exists"

    def __init__(self, name: str) -> None:
        super().__init__(f"A user {name!r} exists already. Give another name, or make them a new "
                         f"token with `armswatch token create --name {name}`.", user=name)


class SchemaOutdated(ArmswatchError):
    """A database made by an earlier armswatch: its schema needs ``armswatch db upgrade``."""

    code = "schema-outdated"
    exit_code = 78   # EX_CONFIG
    http_status = 503

    def __init__(self, path: str, version: int, current: int) -> None:
        super().__init__(f"The database {path} has schema version {version}; this armswatch needs "
                         f"version {current}. Back it up, then run: armswatch --db {path} db "
                         f"upgrade", path=path, version=version, current=current)


class SchemaTooNew(ArmswatchError):
    """A database written by a newer armswatch than this one: refused, never changed."""

    code = "schema-too-new"
    exit_code = 78   # EX_CONFIG
    http_status = 503

    def __init__(self, path: str, version: int, current: int) -> None:
        super().__init__(f"The database {path} has schema version {version}, newer than this "
                         f"armswatch knows ({current}); it was left as it is. Upgrade armswatch "
                         f"(pip install -U armswatch) to open it.", path=path, version=version,
                         current=current)


class MigrationFailed(ArmswatchError):
    """A step of ``armswatch db upgrade`` failed: the whole upgrade was rolled back."""

    code = "migration-failed"
    exit_code = 70

    def __init__(self, step: str, version: int, cause: str) -> None:
        super().__init__(f"Upgrading the schema failed at step {step!r} (to version {version}): "
                         f"{cause}. Nothing was changed; the database is as it was. Report this "
                         "with the message.", step=step, version=version)
# ===== end of issue 19 =====
