"""Domain events other process apps listen to, so they need not be imported by spot checks.

risk turns a failed result into a risk signal; licensing opens revocation proceedings when a
licensed product still fails at re-inspection. Receivers run inside the sender's transaction.
"""

from django.dispatch import Signal

# kwargs: task (spotchecks.Task), verdict ("pass"|"fail"); sent when a task's result becomes final
result_final = Signal()
# kwargs: task, handling (spotchecks.Handling), round (1 or 2); sent when a re-inspection fails
reinspection_failed = Signal()
