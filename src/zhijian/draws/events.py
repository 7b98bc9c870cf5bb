"""Domain events of the draws app, so that upper apps (spot checks, licensing) react without being
imported here. Receivers run inside the executing transaction: if one fails, the draw is not made.
"""

from django.dispatch import Signal

# sender: the Draw class; kwargs: draw (the executed Draw, status drawn, result filled)
draw_executed = Signal()
