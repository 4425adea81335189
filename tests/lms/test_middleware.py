from django.test import RequestFactory

from lms.middleware import ClientAddressMiddleware


def _address(settings, num_proxies, forwarded):
    settings.NUM_PROXIES = num_proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    ClientAddressMiddleware(lambda r: r)(request)
    return request.META["REMOTE_ADDR"]


def test_client_address_comes_from_the_trusted_proxy_entry(settings):
    assert _address(settings, 1, "203.0.113.9") == "203.0.113.9"
    # A client forging the header cannot choose its address: the proxy's entry is last.
    assert _address(settings, 1, "198.51.100.1, 203.0.113.9") == "203.0.113.9"


def test_header_is_ignored_without_trusted_proxies(settings):
    assert _address(settings, 0, "203.0.113.9") == "10.0.0.2"
