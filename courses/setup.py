"""Publishing rules in Wagtail's own terms: page and collection permissions, moderation workflow.

Idempotent: called after every migrate (lms.services.ensure_role_groups), by the demo seed and
when a catalogue page is created.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from lms.access import GROUP_NAMES, Role

WORKFLOW_NAME = "Validation par la coordination"
TASK_NAME = "Relecture par la coordination"

# Coordinators publish anywhere; trainers only add under the catalogue (they then edit the
# courses they created or are assigned to, see courses.permissions) and never publish.
COORDINATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
TRAINER_PAGE_PERMISSIONS = ["add_page"]
COORDINATOR_MEDIA_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}
# "add" lets a trainer edit the images and documents they uploaded themselves.
TRAINER_MEDIA_PERMISSIONS = {
    "wagtailimages": ["add_image", "choose_image"],
    "wagtaildocs": ["add_document", "choose_document"],
}


def _grant_pages(group, page, codenames):
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=codenames
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def _grant_collection(group, collection, spec):
    for app_label, codenames in spec.items():
        for permission in Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )


def _workflow(coordinators) -> Workflow:
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(coordinators)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


@transaction.atomic
def ensure_publishing_rules() -> None:
    from .models import CatalogPage

    coordinators, _ = Group.objects.get_or_create(name=GROUP_NAMES[Role.COORDINATOR])
    trainers, _ = Group.objects.get_or_create(name=GROUP_NAMES[Role.TRAINER])
    root_page = Page.get_first_root_node()
    if root_page is not None:
        _grant_pages(coordinators, root_page, COORDINATOR_PAGE_PERMISSIONS)
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        _grant_collection(coordinators, root_collection, COORDINATOR_MEDIA_PERMISSIONS)
        _grant_collection(trainers, root_collection, TRAINER_MEDIA_PERMISSIONS)
    catalogs = list(CatalogPage.objects.all())
    if not catalogs:
        return
    workflow = _workflow(coordinators)
    for catalog in catalogs:
        _grant_pages(trainers, catalog, TRAINER_PAGE_PERMISSIONS)
        WorkflowPage.objects.update_or_create(page=catalog, defaults={"workflow": workflow})
