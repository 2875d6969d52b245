"""Reports back to Ashby: the vendor says how an assessment is going, and the library queues an
``assessment.update`` (protocol §5) that a :class:`~ashbyknit.Delivery` sends to Ashby, or adds
an assessment that Ashby did not start (``assessment.addCompletedToCandidate``)."""

import ctypes
import dataclasses

from . import _native
from ._arguments import as_json_text, as_optional_text, as_text
from .errors import check
from .store import Store


@dataclasses.dataclass(frozen=True)
class QueuedUpdate:
    """A report queued for Ashby, durable in the store before the call returned: ``update_id``
    (``upd_...``, as :meth:`Store.events` and :meth:`Store.event_history` name it) and
    ``timestamp_ms``, the time sent to Ashby (ms since the epoch)."""

    update_id: str
    timestamp_ms: int


class Reporter:
    """Queues reports about the assessments of one :class:`~ashbyknit.Store` (a bridge's, or one
    opened on the same file with :meth:`Store.open`), each sent to Ashby, after the assessment's
    earlier reports, with the integration's Ashby API key (:meth:`Store.set_ashby_key`).

    Each report also moves the assessment along: active, then started, then completed or
    cancelled, the last two final. Blobs are dicts (or their JSON text) ``{"identifier", "label",
    "type", "value", "description"?}`` with ``type`` one of ``"numeric_score"``,
    ``"numeric_duration_minutes"`` (a number), ``"url"`` (an absolute http(s) URL), ``"string"``
    and ``"boolean_success"`` (a bool); metadata is a list of them. Timestamps the library assigns
    come from the store's clock, and an assessment's timestamps strictly increase.

    A refused report queues nothing and raises: InvalidInput naming the field (MalformedJSON,
    TooLarge or TooDeep for JSON text that does not parse), NotFound when the integration does
    not exist or never issued the assessment, Conflict when the assessment is completed or
    cancelled, InvalidArgument when the integration has no Ashby API key. Every method may be
    called from any thread; the reporter keeps its store open.
    """

    def __init__(self, store: Store) -> None:
        self._store = store

    def started(self, integration_id: str, assessment_id: str, profile_url: str | None = None) -> QueuedUpdate:
        """The candidate started: status "Started", with ``profile_url`` (a candidate-facing or
        report URL) when given. Allowed while the assessment is active or started."""
        return self._queue(
            _native.lib.ak_report_started,
            *_ids(integration_id, assessment_id),
            as_optional_text(profile_url, "profile_url"),
        )

    def progress(self, integration_id: str, assessment_id: str, status: str, metadata=None) -> QueuedUpdate:
        """Progress: a free ``status`` text ("In progress") and ``metadata`` (a list of blobs, or
        None). Allowed while active or started; the assessment's state does not move."""
        return self._queue(
            _native.lib.ak_report_progress,
            *_ids(integration_id, assessment_id),
            as_text(status, "status"),
            _optional_json(metadata, "metadata"),
        )

    def completed(
        self, integration_id: str, assessment_id: str, result, profile_url: str, metadata=None
    ) -> QueuedUpdate:
        """The result: status "Completed", the ``result`` blob, ``profile_url`` (the profile or
        report URL) and ``metadata`` (a list of blobs, or None). The assessment is then completed."""
        return self._queue(
            _native.lib.ak_report_completed,
            *_ids(integration_id, assessment_id),
            as_json_text(result, "result"),
            as_text(profile_url, "profile_url"),
            _optional_json(metadata, "metadata"),
        )

    def cancelled(self, integration_id: str, assessment_id: str, reason: str) -> QueuedUpdate:
        """Cancelled by the vendor, with a ``reason`` shown to the recruiter. The assessment is
        then cancelled."""
        return self._queue(
            _native.lib.ak_report_cancelled, *_ids(integration_id, assessment_id), as_text(reason, "reason")
        )

    def update(self, integration_id: str, body) -> QueuedUpdate:
        """A complete ``assessment.update`` body (a dict, or its JSON as str or bytes), for reports
        that need every field; unknown fields are refused. A ``timestamp`` of 0 or none is
        assigned; a given one must come after the assessment's last report (Conflict otherwise).
        An ``assessment_result`` completes the assessment, a ``cancelled_reason`` cancels it, an
        ``assessment_status`` of "Started" starts it."""
        encoded = as_json_text(body, "body")
        return self._queue(
            _native.lib.ak_report_update, as_text(integration_id, "integration_id"), encoded, len(encoded)
        )

    def add_completed(self, integration_id: str, body) -> QueuedUpdate:
        """Records an assessment that Ashby did not start and queues its
        ``assessment.addCompletedToCandidate``: ``body`` (a dict, or its JSON as str or bytes) is
        ``{"candidateId", "partnerId", "assessment": {"assessmentTypeId", "assessmentId",
        "assessmentName", "result", "metadata"?}, "timestamp"?}``; a missing timestamp is
        assigned. The store then holds the assessment as completed, so it takes no further report.
        Conflict when the assessment id is one the store already holds, NotFound for an unknown
        integration."""
        encoded = as_json_text(body, "body")
        return self._queue(
            _native.lib.ak_report_add_completed, as_text(integration_id, "integration_id"), encoded, len(encoded)
        )

    def _queue(self, report, *arguments) -> QueuedUpdate:
        """Calls ``report`` on the store with ``arguments`` and the two outputs every report has."""
        update_id, timestamp_ms = ctypes.c_void_p(), ctypes.c_int64()
        check(report(self._store._open_handle(), *arguments, ctypes.byref(update_id), ctypes.byref(timestamp_ms)))
        return QueuedUpdate(_native.take_strings(update_id)[0], timestamp_ms.value)


def _ids(integration_id: str, assessment_id: str) -> tuple[bytes, bytes]:
    """The integration and assessment a report is about, as the library takes them."""
    return as_text(integration_id, "integration_id"), as_text(assessment_id, "assessment_id")


def _optional_json(value, name: str) -> bytes | None:
    """Blobs as JSON text, or None (NULL) for none."""
    return None if value is None else as_json_text(value, name)
