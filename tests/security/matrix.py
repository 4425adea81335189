"""THE ACCESS-CONTROL TABLE: who gets what on every URL of the site.

Added a URL? Add one line below (copy a neighbour with the same kind of protection). The test
`test_every_url_has_a_row` lists the URL names that have no line yet; `test_access_matrix` then
requests each URL as each of the nine people and compares with the line.

Columns, in order (tests/security/world.py builds them; every URL is filled with side A's objects):

    anon   anonymous visitor
    lrnA   learner A: owns the objects in the URL (enrolled in cohort A, certificate A…)
    lrnB   learner B: another learner (cohort B) — must not see A's things
    parX   staff of partner X, who referred learner A and commissioned cohort A
    parY   staff of partner Y (learner B, cohort B)
    trnr   the trainer of cohort A
    othT   another trainer (cohort B)
    tutr   a host-company tutor: no account, holds the link of placement A
    coord  a coordinator

What each cell means (the response to a GET, or to an empty POST when the row says POST):

    OK     200 (or 204)
    LOGIN  302 to the site's login page (/connexion/?next=…)
    ALOG   302 to the Wagtail admin's login page (/admin/login/?next=…): not an admin user
    DJLOG  302 to Django admin's login page (/django-admin/login/?next=…)
    DENY   302 to /admin/ with "you do not have permission" (Wagtail's refusal inside the admin)
    MOVED  302 anywhere else (after a POST, or to a canonical address)
    N404, N405, N410, N429, N400, N403   that status code

Arguments: "pk=session_a" puts the object `session_a` of the world (its pk for a model) into the
URL parameter `pk`; a value starting with "/" is a literal path, formatted with the world's objects.

Wagtail's own admin (pages, images, users…, hundreds of URLs) and Django's admin follow the
declared rules at the bottom, checked on every one of their URL patterns; the project's own admin
views (viewsets, hooks, views_admin) each need a line here.
"""

from dataclasses import dataclass

OK, LOGIN, ALOG, DJLOG, DENY, MOVED = "OK", "LOGIN", "ALOG", "DJLOG", "DENY", "MOVED"
N400, N403, N404, N405, N410, N429 = "400", "403", "404", "405", "410", "429"
GET, POST = "GET", "POST"

ROLES = ("anon", "lrnA", "lrnB", "parX", "parY", "trnr", "othT", "tutr", "coord")


@dataclass(frozen=True)
class Row:
    url: str
    method: str
    args: str
    expected: tuple
    data: str = ""
    note: str = ""

    def expect(self, role: str) -> str:
        return self.expected[ROLES.index(role)]


def R(url, method, args, *expected, data="", note=""):
    """One line of the table; `data` is the POST body ("kind=fin_formation&x=1")."""
    assert len(expected) == len(ROLES), f"{url}: {len(expected)} columns instead of {len(ROLES)}"
    return Row(url, method, args, tuple(expected), data, note)


# fmt: off
ROWS = [
    #  URL name                                  method args                           anon   lrnA   lrnB   parX   parY   trnr   othT   tutr   coord
    # --- Public pages, login and accounts ----------------------------------------------------------------
    R("health",                                    GET,  "",                            OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("login",                                     GET,  "",                            OK   , MOVED, MOVED, MOVED, MOVED, MOVED, MOVED, OK   , MOVED),
    R("login_code",                                GET,  "",                            OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("logout",                                    POST, "",                            MOVED, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED),
    R("password_reset",                            GET,  "",                            OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("password_reset_done",                       GET,  "",                            OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("password_reset_confirm",                    GET,  "uidb64=reset_uid_a,token=reset_token_a", OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("password_reset_complete",                   GET,  "",                            OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("home_for_role",                             GET,  "",                            LOGIN, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED, LOGIN, DENY),
    R("job_status",                                GET,  "job_id=job_x",                LOGIN, N404 , N404 , OK   , N404 , N404 , N404 , LOGIN, OK),
    R("accessibility",                             GET,  "",                            OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("wagtailcore_authenticate_with_password",    GET,  "",                            N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404),
    R("wagtailcore_login",                         GET,  "",                            OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    # With DEBUG only (`make run`): Wagtail's images, nothing else of the media folder.
    R("debug_media_images",                        GET,  "/media/images/absente.webp",  N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404),
    R("debug_media_images",                        GET,  "/media/certificats/x.pdf",    N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404, note="personal files are not served"),
    R("wagtail_serve",                             GET,  "/formations/{course_slug_a}/", OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    # --- Catalogue, public API, documents, calendars, certificate verification ---------------------------
    R("wagtaildocs_serve",                         GET,  "/documents/{document.pk}/{document_file}", OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK, note="course documents are public"),
    R("wagtaildocs_authenticate_with_password",    GET,  "",                            N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404),
    R("wagtailapi:pages:listing",                  GET,  "",                            OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("wagtailapi:pages:detail",                   GET,  "pk=course_a",                 OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("wagtailapi:pages:find",                     GET,  "",                            N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404),
    R("wagtailapi:formations:listing",             GET,  "",                            OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("wagtailapi:formations:detail",              GET,  "pk=course_a",                 OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("wagtailapi:formations:find",                GET,  "",                            N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404),
    R("certificates:verify_form",                  GET,  "",                            OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("certificates:verify",                       GET,  "code=certificate_a_code",     OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("courses:cohort_calendar",                   GET,  "code=cohort_a_code",          OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    # --- Learner space and the learner's own documents ---------------------------------------------------
    R("learner_space:home",                        GET,  "",                            LOGIN, OK   , OK   , N404 , N404 , N404 , N404 , LOGIN, N404),
    R("learner_space:my_data",                     GET,  "",                            LOGIN, OK   , OK   , N404 , N404 , N404 , N404 , LOGIN, N404),
    R("learner_space:sign",                        GET,  "token=qr_token_a",            LOGIN, OK   , OK   , N404 , N404 , N404 , N404 , LOGIN, N404),
    R("learner_space:calendar",                    GET,  "",                            LOGIN, OK   , OK   , N404 , N404 , N404 , N404 , LOGIN, N404),
    R("certificates:learner_pdf",                  GET,  "code=certificate_a_code",     LOGIN, OK   , N404 , N404 , N404 , N404 , N404 , LOGIN, N404),
    R("certificates:learner_badge",                GET,  "code=certificate_a_code",     LOGIN, OK   , N404 , N404 , N404 , N404 , N404 , LOGIN, N404),
    R("learner_space:my_data_pdf",                 GET,  "",                            LOGIN, OK   , OK   , N404 , N404 , N404 , N404 , LOGIN, N404),
    R("learner_space:withdraw_consent",            POST, "purpose=rsa_purpose",         LOGIN, MOVED, MOVED, N404 , N404 , N404 , N404 , LOGIN, N404),
    R("learner_space:sign",                        POST, "token=qr_token_a",            LOGIN, MOVED, N400 , N404 , N404 , N404 , N404 , LOGIN, N404, note="B is not in cohort A"),
    # --- Partner portal ----------------------------------------------------------------------------------
    R("partners:learner_list",                     GET,  "",                            LOGIN, N404 , N404 , OK   , OK   , N404 , N404 , LOGIN, N404),
    R("partners:learner_detail",                   GET,  "ref=learner_a_ref",           LOGIN, N404 , N404 , OK   , N404 , N404 , N404 , LOGIN, N404),
    R("partners:hours_pdf",                        GET,  "ref=learner_a_ref,code=cohort_a_code", LOGIN, N404 , N404 , OK   , N404 , N404 , N404 , LOGIN, N404),
    R("partners:cohort_list",                      GET,  "",                            LOGIN, N404 , N404 , OK   , OK   , N404 , N404 , LOGIN, N404),
    R("partners:sheet_pdf",                        GET,  "session_id=session_a",        LOGIN, N404 , N404 , OK   , N404 , N404 , N404 , LOGIN, N404),
    R("partners:import_list",                      GET,  "",                            LOGIN, N404 , N404 , OK   , OK   , N404 , N404 , LOGIN, N404),
    R("partners:import_new",                       GET,  "",                            LOGIN, N404 , N404 , OK   , OK   , N404 , N404 , LOGIN, N404),
    R("partners:import_template",                  GET,  "",                            LOGIN, N404 , N404 , OK   , OK   , N404 , N404 , LOGIN, N404),
    R("partners:import_detail",                    GET,  "pk=import_a",                 LOGIN, N404 , N404 , OK   , N404 , N404 , N404 , LOGIN, N404),
    R("partners:import_confirm",                   POST, "pk=import_a",                 LOGIN, N404 , N404 , MOVED, N404 , N404 , N404 , LOGIN, N404),
    R("partners:import_cancel",                    POST, "pk=import_a",                 LOGIN, N404 , N404 , MOVED, N404 , N404 , N404 , LOGIN, N404),
    R("partners:import_codes",                     POST, "pk=import_a",                 LOGIN, N404 , N404 , MOVED, N404 , N404 , N404 , LOGIN, N404),
    # --- Trainer pages -----------------------------------------------------------------------------------
    R("trainer:home",                              GET,  "",                            LOGIN, N404 , N404 , N404 , N404 , OK   , OK   , LOGIN, OK),
    R("trainer:cohort",                            GET,  "code=cohort_a_code",          LOGIN, N404 , N404 , N404 , N404 , OK   , N404 , LOGIN, OK),
    R("trainer:skills",                            GET,  "code=cohort_a_code",          LOGIN, N404 , N404 , N404 , N404 , OK   , N404 , LOGIN, OK),
    R("trainer:skills_validate",                   POST, "code=cohort_a_code",          LOGIN, N404 , N404 , N404 , N404 , MOVED, N404 , LOGIN, MOVED),
    R("trainer:session",                           GET,  "pk=session_a",                LOGIN, N404 , N404 , N404 , N404 , OK   , N404 , LOGIN, OK),
    R("trainer:session_mark",                      POST, "pk=session_a",                LOGIN, N404 , N404 , N404 , N404 , MOVED, N404 , LOGIN, MOVED),
    R("trainer:session_sign",                      POST, "pk=session_a",                LOGIN, N404 , N404 , N404 , N404 , MOVED, N404 , LOGIN, MOVED),
    R("trainer:session_walk_in",                   POST, "pk=session_a",                LOGIN, N404 , N404 , N404 , N404 , MOVED, N404 , LOGIN, MOVED),
    R("trainer:session_close",                     POST, "pk=session_a",                LOGIN, N404 , N404 , N404 , N404 , MOVED, N404 , LOGIN, MOVED),
    R("trainer:session_amend",                     POST, "pk=session_a",                LOGIN, N404 , N404 , N404 , N404 , MOVED, N404 , LOGIN, MOVED),
    R("trainer:session_qr",                        GET,  "pk=session_a",                LOGIN, N404 , N404 , N404 , N404 , OK   , N404 , LOGIN, OK),
    R("trainer:session_pdf",                       GET,  "pk=session_a",                LOGIN, N404 , N404 , N404 , N404 , OK   , N404 , LOGIN, OK),
    R("trainer:learner",                           GET,  "pk=enrolment_a",              LOGIN, N404 , N404 , N404 , N404 , OK   , N404 , LOGIN, OK),
    R("trainer:hours",                             GET,  "pk=enrolment_a",              LOGIN, N404 , N404 , N404 , N404 , OK   , N404 , LOGIN, OK),
    # --- Tutor links and learners' follow-up links (bearer links: whoever holds one gets the page) -------
    R("tutor:home",                                GET,  "link_id=link_a,token=token_a", OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("tutor:evaluate",                            GET,  "link_id=link_a,token=token_a,kind=evaluation_kind", OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("outcomes:self_report",                      GET,  "token=self_report_token",     OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("tutor:home",                                GET,  "link_id=link_a,token=token_b", N410 , N410 , N410 , N410 , N410 , N410 , N410 , N410 , N410, note="B's secret on A's link"),
    R("tutor:evaluate",                            GET,  "link_id=link_a,token=token_b,kind=evaluation_kind", N410 , N410 , N410 , N410 , N410 , N410 , N410 , N410 , N410),
    # --- RQ dashboard (coordinators only; the others get a 404, not a hint) ------------------------------
    R("django_rq:home_json",                       GET,  "",                            N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , OK, note="Redis"),
    R("django_rq:home",                            GET,  "",                            N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , OK, note="Redis"),
    R("django_rq:jobs",                            GET,  "queue_index=queue",                            N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , OK, note="Redis"),
    R("django_rq:queue_details",                   GET,  "queue_index=queue",           N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , OK, note="Redis"),
    R("django_rq:finished_jobs",                   GET,  "queue_index=queue",                            N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , OK, note="Redis"),
    R("django_rq:failed_jobs",                     GET,  "queue_index=queue",                            N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , OK, note="Redis"),
    R("django_rq:delete_failed_jobs",              GET,  "queue_index=queue",                            N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , OK, note="Redis"),
    R("django_rq:scheduled_jobs",                  GET,  "queue_index=queue",                            N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , OK, note="Redis"),
    R("django_rq:started_jobs",                    GET,  "queue_index=queue",                            N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , OK, note="Redis"),
    R("django_rq:deferred_jobs",                   GET,  "queue_index=queue",                            N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , OK, note="Redis"),
    R("django_rq:clear",                           GET,  "queue_index=queue",                            N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , OK, note="Redis"),
    R("django_rq:requeue_all",                     GET,  "queue_index=queue",                            N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , OK, note="Redis"),
    R("django_rq:job_detail",                      GET,  "queue_index=queue,job_id=job_x", N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404, note="Redis; an unknown job or worker is a 404 for coordinators too"),
    R("django_rq:result_detail",                   GET,  "queue_index=queue,job_id=job_x", N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404, note="Redis; an unknown job or worker is a 404 for coordinators too"),
    R("django_rq:delete_job",                      GET,  "queue_index=queue,job_id=job_x", N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404, note="Redis; an unknown job or worker is a 404 for coordinators too"),
    R("django_rq:requeue_job",                     GET,  "queue_index=queue,job_id=job_x", N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404, note="Redis; an unknown job or worker is a 404 for coordinators too"),
    R("django_rq:enqueue_job",                     GET,  "queue_index=queue,job_id=job_x", N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404, note="Redis; an unknown job or worker is a 404 for coordinators too"),
    R("django_rq:stop_job",                        POST, "queue_index=queue,job_id=job_x", N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , MOVED, note="Redis"),
    R("django_rq:confirm_action",                  GET,  "queue_index=queue",           N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , MOVED, note="Redis"),
    R("django_rq:actions",                         GET,  "queue_index=queue",           N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , MOVED, note="Redis"),
    R("django_rq:workers",                         GET,  "queue_index=queue",                            N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , OK, note="Redis"),
    R("django_rq:worker_details",                  GET,  "queue_index=queue",           N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404, note="Redis; an unknown job or worker is a 404 for coordinators too"),
    R("django_rq:scheduler_jobs",                  GET,  "scheduler_index=queue",                            N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , OK, note="Redis"),
    R("django_rq:cron_scheduler_detail",           GET,  "connection_index=queue",                            N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404, note="Redis"),
    R("django_rq:cron_job_detail",                 GET,  "connection_index=queue",                            N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404 , N404, note="Redis"),
    # --- The project's own admin views (hooks, views_admin, viewsets, snippets of our models) ------------
    R("lms_admin_learner_login_code",              GET,  "learner_id=learner_a",        ALOG , ALOG , ALOG , ALOG , ALOG , OK   , N404 , ALOG , OK),
    R("intake_admin_list",                         GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("intake_admin_new",                          GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("intake_admin_detail",                       GET,  "pk=import_a",                 ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("intake_admin_confirm",                      POST, "pk=import_a",                 ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , MOVED),
    R("intake_admin_cancel",                       POST, "pk=import_a",                 ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , MOVED),
    R("intake_admin_codes",                        POST, "pk=import_a",                 ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , MOVED),
    R("immersion_admin_placement",                 GET,  "pk=placement_a",              ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("immersion_admin_pdf",                       GET,  "pk=placement_a",              ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("immersion_admin_companies",                 GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("outcomes_follow_up",                        GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("outcomes_enrolment",                        GET,  "enrolment_id=enrolment_a",    ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("outcomes_cohort_grid",                      GET,  "cohort_id=cohort_a",          ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("outcomes_import",                           GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("outcomes_import_confirm",                   POST, "",                            ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , MOVED),
    R("reporting_gen",                             GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("reporting_gen_export",                      POST, "",                            ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , MOVED),
    R("reporting_run",                             GET,  "run_id=report_run",           ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("reporting_run_download",                    GET,  "run_id=report_run",           ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("certificates_admin:list",                   GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("certificates_admin:detail",                 GET,  "pk=certificate_a",            ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("certificates_admin:pdf",                    GET,  "pk=certificate_a",            ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("certificates_admin:revoke",                 POST, "pk=certificate_a",            ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , MOVED),
    R("certificates_admin:reissue",                POST, "pk=certificate_a",            ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , MOVED),
    R("certificates_admin:cohorts",                GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("certificates_admin:cohort",                 GET,  "cohort_id=cohort_a",          ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("certificates_admin:cohort_zip",             POST, "cohort_id=cohort_a",          ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , MOVED, data="kind=fin_formation"),
    R("certificates_admin:issue_one",              POST, "enrolment_id=enrolment_a",    ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , MOVED, data="kind=fin_formation"),
    R("certificates_admin:job",                    GET,  "job_id=job_coordinator",      ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("certificates_admin:job_zip",                GET,  "job_id=job_coordinator",      ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , N404, note="no ZIP made by this job: 404 even for a coordinator"),
    R("wagtailsnippets_certificates_certificatetemplate:list", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_certificates_certificatetemplate:list_results", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_certificates_certificatetemplate:add", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_certificates_certificatetemplate:edit", GET,  "pk=template",                 ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_certificates_certificatetemplate:delete", GET,  "pk=template",                 ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_certificates_certificatetemplate:usage", GET,  "pk=template",                 ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_certificates_certificatetemplate:history", GET,  "pk=template",                 ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_certificates_certificatetemplate:history_results", GET,  "pk=template",                 ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_certificates_certificatetemplate:copy", GET,  "pk=template",                 ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippetchoosers_certificates_certificatetemplate:choose", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsnippetchoosers_certificates_certificatetemplate:choose_results", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsnippetchoosers_certificates_certificatetemplate:chosen", GET,  "pk=template",                 ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsnippetchoosers_certificates_certificatetemplate:chosen_multiple", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsnippetchoosers_certificates_certificatetemplate:create", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("jobs:index",                                GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("jobs:index_results",                        GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("jobs:add",                                  GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , DENY),
    R("jobs:edit",                                 GET,  "pk=job_coordinator",          ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , DENY),
    R("jobs:delete",                               GET,  "pk=job_coordinator",          ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , DENY),
    R("jobs:history",                              GET,  "pk=job_coordinator",          ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , DENY),
    R("jobs:history_results",                      GET,  "pk=job_coordinator",          ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , DENY),
    R("jobs:usage",                                GET,  "pk=job_coordinator",          ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , DENY),
    R("jobs:inspect",                              GET,  "pk=job_coordinator",          ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("learners:index",                            GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK, note="a trainer lists only the learners of their cohorts"),
    R("learners:index_results",                    GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK, note="a trainer lists only the learners of their cohorts"),
    R("learners:add",                              GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("learners:edit",                             GET,  "pk=learner_a",                ALOG , ALOG , ALOG , ALOG , ALOG , OK   , N404 , ALOG , OK),
    R("learners:delete",                           GET,  "pk=learner_a",                ALOG , ALOG , ALOG , ALOG , ALOG , DENY , N404 , ALOG , OK),
    R("learners:history",                          GET,  "pk=learner_a",                ALOG , ALOG , ALOG , ALOG , ALOG , OK   , N404 , ALOG , OK),
    R("learners:history_results",                  GET,  "pk=learner_a",                ALOG , ALOG , ALOG , ALOG , ALOG , OK   , N404 , ALOG , OK),
    R("learners:usage",                            GET,  "pk=learner_a",                ALOG , ALOG , ALOG , ALOG , ALOG , OK   , N404 , ALOG , OK),
    R("learners:inspect",                          GET,  "pk=learner_a",                ALOG , ALOG , ALOG , ALOG , ALOG , OK   , N404 , ALOG , OK),
    R("cohort:index",                              GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("cohort:index_results",                      GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("cohort:add",                                GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("cohort:edit",                               GET,  "pk=cohort_a",                 ALOG , ALOG , ALOG , ALOG , ALOG , OK   , N404 , ALOG , OK),
    R("cohort:delete",                             GET,  "pk=cohort_a",                 ALOG , ALOG , ALOG , ALOG , ALOG , OK   , N404 , ALOG , OK),
    R("cohort:history",                            GET,  "pk=cohort_a",                 ALOG , ALOG , ALOG , ALOG , ALOG , OK   , N404 , ALOG , OK),
    R("cohort:history_results",                    GET,  "pk=cohort_a",                 ALOG , ALOG , ALOG , ALOG , ALOG , OK   , N404 , ALOG , OK),
    R("cohort:usage",                              GET,  "pk=cohort_a",                 ALOG , ALOG , ALOG , ALOG , ALOG , OK   , N404 , ALOG , OK),
    R("cohort:generate",                           GET,  "pk=cohort_a",                 ALOG , ALOG , ALOG , ALOG , ALOG , OK   , N404 , ALOG , OK),
    R("wagtailsnippets_courses_skillframework:list", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsnippets_courses_skillframework:list_results", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsnippets_courses_skillframework:add", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_skillframework:edit", GET,  "pk=framework",                ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_skillframework:delete", GET,  "pk=framework",                ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_skillframework:usage", GET,  "pk=framework",                ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_skillframework:history", GET,  "pk=framework",                ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_skillframework:history_results", GET,  "pk=framework",                ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_skillframework:copy", GET,  "pk=framework",                ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippetchoosers_courses_skillframework:choose", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsnippetchoosers_courses_skillframework:choose_results", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsnippetchoosers_courses_skillframework:chosen", GET,  "pk=framework",                ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsnippetchoosers_courses_skillframework:chosen_multiple", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsnippetchoosers_courses_skillframework:create", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_skill:list",        GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsnippets_courses_skill:list_results", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsnippets_courses_skill:add",         GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_skill:edit",        GET,  "pk=skill",                    ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_skill:delete",      GET,  "pk=skill",                    ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_skill:usage",       GET,  "pk=skill",                    ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_skill:history",     GET,  "pk=skill",                    ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_skill:history_results", GET,  "pk=skill",                    ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_skill:copy",        GET,  "pk=skill",                    ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippetchoosers_courses_skill:choose", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsnippetchoosers_courses_skill:choose_results", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsnippetchoosers_courses_skill:chosen", GET,  "pk=skill",                    ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsnippetchoosers_courses_skill:chosen_multiple", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsnippetchoosers_courses_skill:create", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_audience:list",     GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_audience:list_results", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_audience:add",      GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_audience:edit",     GET,  "pk=audience",                 ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_audience:delete",   GET,  "pk=audience",                 ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_audience:usage",    GET,  "pk=audience",                 ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_audience:history",  GET,  "pk=audience",                 ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_audience:history_results", GET,  "pk=audience",                 ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets_courses_audience:copy",     GET,  "pk=audience",                 ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippetchoosers_courses_audience:choose", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsnippetchoosers_courses_audience:choose_results", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsnippetchoosers_courses_audience:chosen", GET,  "pk=audience",                 ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsnippetchoosers_courses_audience:chosen_multiple", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsnippetchoosers_courses_audience:create", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_company:index",                   GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("immersion_company:index_results",           GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("immersion_company:add",                     GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_company:edit",                    GET,  "pk=company_a",                ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_company:delete",                  GET,  "pk=company_a",                ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_company:history",                 GET,  "pk=company_a",                ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_company:history_results",         GET,  "pk=company_a",                ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_company:usage",                   GET,  "pk=company_a",                ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_tutor:index",                     GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_tutor:index_results",             GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_tutor:add",                       GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_tutor:edit",                      GET,  "pk=tutor_a",                  ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_tutor:delete",                    GET,  "pk=tutor_a",                  ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_tutor:history",                   GET,  "pk=tutor_a",                  ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_tutor:history_results",           GET,  "pk=tutor_a",                  ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_tutor:usage",                     GET,  "pk=tutor_a",                  ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_placement:index",                 GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_placement:index_results",         GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_placement:add",                   GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_placement:edit",                  GET,  "pk=placement_a",              ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_placement:delete",                GET,  "pk=placement_a",              ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_placement:history",               GET,  "pk=placement_a",              ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_placement:history_results",       GET,  "pk=placement_a",              ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("immersion_placement:usage",                 GET,  "pk=placement_a",              ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    # Personal data (learners/privacy): coordinators only
    R("privacy_learner",                           GET,  "learner_id=learner_a",        ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("privacy_sensitive",                         POST, "learner_id=learner_a",        ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , MOVED),
    R("privacy_consent",                           POST, "learner_id=learner_a",        ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , MOVED),
    R("privacy_export",                            GET,  "learner_id=learner_a,file_format=json_format", ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("privacy_erasure_request",                   POST, "learner_id=learner_a",        ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , MOVED),
    R("privacy_erasures",                          GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("privacy_erasure",                           GET,  "pk=erasure_a",                ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , OK),
    R("cohort_funding:index",                      GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("cohort_funding:index_results",              GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("cohort_funding:add",                        GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("cohort_funding:edit",                       GET,  "pk=funding_a",                ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("cohort_funding:delete",                     GET,  "pk=funding_a",                ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("cohort_funding:history",                    GET,  "pk=funding_a",                ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("cohort_funding:history_results",            GET,  "pk=funding_a",                ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("cohort_funding:usage",                      GET,  "pk=funding_a",                ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    # --- Wagtail's own admin: a sample for the roles the rule below leaves out ------------------------
    R("wagtailadmin_home",                         GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailadmin_explore_root",                 GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , MOVED, MOVED, ALOG , OK, note="trainers are sent to the catalogue page"),
    R("wagtailadmin_pages:edit",                   GET,  "page_id=course_a",            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , DENY , ALOG , OK, note="a trainer edits only their own courses"),
    R("wagtailusers_users:index",                  GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailusers_users:edit",                   GET,  "pk=coordinator_user",         ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailusers_groups:index",                 GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , DENY),
    R("wagtailimages:index",                       GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtaildocs:index",                         GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    R("wagtailsites:index",                        GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , DENY),
    R("wagtailredirects:index",                    GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , DENY),
    R("wagtailadmin_workflows:index",              GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , DENY),
    R("wagtailadmin_reports:site_history",         GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK, note="every learner's edits: coordinators only"),
    R("wagtailadmin_reports:site_history_results", GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , DENY , DENY , ALOG , OK),
    R("wagtailsnippets:index",                     GET,  "",                            ALOG , ALOG , ALOG , ALOG , ALOG , OK   , OK   , ALOG , OK),
    # Wagtail admin pages open to anyone (login, password reset, scripts, its own 404)
    R("wagtailadmin_login",                        GET,  "",                            OK   , OK   , OK   , OK   , OK   , DENY , DENY , OK   , DENY, note="DENY here: a logged-in admin user is sent to /admin/"),
    R("admin/login/",                              GET,  "/admin/login/",               OK   , OK   , OK   , OK   , OK   , DENY , DENY , OK   , DENY, note="Wagtail's login under the site's rate limits (shadows wagtailadmin_login)"),
    R("wagtailadmin_password_reset",               GET,  "",                            OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("wagtailadmin_password_reset_done",          GET,  "",                            OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("wagtailadmin_password_reset_confirm",       GET,  "uidb64=reset_uid_a,token=reset_token_a", OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("wagtailadmin_password_reset_complete",      GET,  "",                            OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("wagtailadmin_javascript_catalog",           GET,  "",                            OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("wagtailadmin_sprite",                       GET,  "",                            OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK   , OK),
    R("admin/^.*/$",                               GET,  "/admin/nulle-part/",          ALOG , ALOG , ALOG , ALOG , ALOG , N404 , N404 , ALOG , N404),
    # Django's admin backs only the RQ dashboard's templates: coordinators alone are staff
    # Django's admin login is shadowed by a redirect to the site's rate-limited login page
    R("django-admin/login/",                       GET,  "/django-admin/login/",         LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
    R("admin:login",                               GET,  "",                             LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, note="shadowed: see the line above"),
    R("admin:logout",                              GET,  "",                             MOVED, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED, N405),
    R("admin:django_rq_home_json",                 GET,  "",                             "401", "401", "401", "401", "401", "401", "401", "401", OK, note="token-protected JSON"),
    R("admin:index",                               GET,  "",                            DJLOG, DJLOG, DJLOG, DJLOG, DJLOG, DJLOG, DJLOG, DJLOG, OK),
]
# fmt: on


# Wagtail's and Django's admin URLs that have no line above: the rule, per role, checked on every
# discovered pattern (parameters get dummy values: the gate answers before the view runs).
# None: not checked by the rule (see the sample lines above for those roles).
# Row numbers (<int:…>) in URLs that people outside the staff see would tell them how many
# learners, enrolments or certificates exist. Those left are not personal and are listed here.
SEQUENTIAL_IDS_ALLOWED = {
    "partners:sheet_pdf": "sessions: their dates are on the public catalogue anyway",
    "wagtaildocs_serve": "course documents, public",
    "wagtaildocs_authenticate_with_password": "Wagtail's own, unused",
    "wagtailcore_authenticate_with_password": "Wagtail's own, unused",
    "wagtailapi:pages:detail": "public pages",
    "wagtailapi:formations:detail": "public course pages",
}
STAFF_AREAS = ("admin/", "django-admin/", "taches/rq/", "formateur/")

PREFIX_RULES = {
    "admin/": {"anon": ALOG, "lrnA": ALOG, "lrnB": ALOG, "parX": ALOG, "parY": ALOG, "tutr": ALOG},
    "django-admin/": {
        "anon": DJLOG,
        "lrnA": DJLOG,
        "lrnB": DJLOG,
        "parX": DJLOG,
        "parY": DJLOG,  # fmt: skip
        "trnr": DJLOG,
        "othT": DJLOG,
        "tutr": DJLOG,  # fmt: skip
    },
}
