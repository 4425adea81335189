"""Task backend: RQ, with Wagtail's own housekeeping tasks run inline when Redis is down.

Wagtail enqueues a task on many saves (search and reference indexes). With Redis unreachable
that enqueue raised inside the request and turned a learner's or trainer's save into an error.
Our durable jobs (`lms.tasks.run_job`) still see the failure: they keep their row pending and
are dispatched again later, as DESIGN.md asks.
"""

import logging

from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_rq import RQBackend
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

DURABLE_TASK = "lms.tasks.run_job"


class ResilientRQBackend(RQBackend):
    def enqueue(self, task, args, kwargs):
        try:
            return super().enqueue(task, args, kwargs)
        except (RedisError, OSError):
            if task.module_path == DURABLE_TASK:
                raise
            logger.warning("Queue unavailable: %s runs inline", task.module_path)
            return ImmediateBackend(self.alias, {"QUEUES": list(self.queues)}).enqueue(task, args, kwargs)
