"""Core's own importable entity: the holiday/working-day overrides (节假日调整), administrators only."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from zhijian.core import selectors, services
from zhijian.core.importexport import cells
from zhijian.core.importexport.resources import Column, Resource, register
from zhijian.core.models import CalendarDay


@register
class CalendarDayResource(Resource):
    entity = "calendar-days"
    title = _("节假日调整")
    model = CalendarDay
    natural_key = ("date",)
    import_roles = frozenset({"administrator"})
    export_roles = frozenset({"administrator"})
    order_by = ("date",)
    columns = [
        Column("日期", "date", required=True, parse=cells.date, help="YYYY-MM-DD", example="2027-10-01"),
        Column("是否工作日", "is_workday", required=True, parse=cells.boolean,
               help="“是”表示调休上班，“否”表示放假 / 是: a swapped working day, 否: a holiday", example="否"),
        Column("说明", "name", parse=cells.text(50), example="国庆节"),
    ]

    def queryset(self, user: Any):
        return selectors.calendar_list(user)

    def create(self, values: dict[str, Any], *, acting_user: Any) -> CalendarDay:
        return services.calendar_day_set(acting_user=acting_user, **values)

    def update(self, obj: CalendarDay, values: dict[str, Any], *, acting_user: Any) -> CalendarDay:
        merged = {"date": obj.date, "is_workday": obj.is_workday, "name": obj.name, **values}
        return services.calendar_day_set(acting_user=acting_user, instance=obj, **merged)
