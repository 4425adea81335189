from django.http import Http404
from wagtail import hooks

from .selectors import document_readable


@hooks.register("before_serve_document")
def keep_reserved_lesson_files_reserved(document, request):
    # 404 as for the reserved page itself: whether the file exists is not revealed.
    if not document_readable(user=request.user, document=document):
        raise Http404
