"""Rules and config schema of the ``web`` check (redirects, headers, caching, CORS, cookies,
exposure)."""

from __future__ import annotations

from launchgate.model import Rule, Severity


def _r(id: str, title: str, sev: Severity, why: str, fix: str, *, suppress: str = "") -> Rule:
    return Rule(id=f"web.{id}", title=title, severity=sev, why=why, fix=fix, suppress=suppress)


HTTPS_REDIRECT_MISSING = _r(
    "https-redirect-missing", "Plain HTTP does not redirect to HTTPS", Severity.HIGH,
    "Visitors who type the bare name stay on an unencrypted page where their session and forms "
    "can be read.",
    "Answer every http:// request with a 301/308 to the same path on https://.")
REDIRECT_LOOP = _r(
    "redirect-loop", "Redirect loop", Severity.BLOCKER,
    "Browsers give up with ERR_TOO_MANY_REDIRECTS: the host is down for everyone.",
    "Fix the conflicting redirect rules (often CDN 'flexible SSL' plus an origin that forces "
    "HTTPS).")
REDIRECT_CHAIN_LONG = _r(
    "redirect-chain-long", "Redirect chain longer than allowed", Severity.LOW,
    "Every hop costs a round trip (hundreds of ms on mobile) and search engines stop following "
    "long chains.",
    "Redirect straight to the final https:// canonical URL in one hop.",
    suppress="Raise web.max_chain if the extra hop is intended.")
REDIRECT_DROPS_PATH = _r(
    "redirect-drops-path", "Redirect drops the path or query", Severity.MEDIUM,
    "Deep links, login links and campaign URLs land on the home page instead of their target.",
    "Redirect to the same path and query string on the new scheme/host (nginx: `return 301 "
    "https://$host$request_uri;`).")
REDIRECT_TEMPORARY = _r(
    "redirect-temporary", "Permanent move uses a temporary redirect", Severity.LOW,
    "302/307 tell browsers and search engines to keep asking the old URL, so HTTP is hit on every "
    "visit.",
    "Use 301 or 308 for the HTTP->HTTPS and host->canonical redirects.")
CANONICAL_HOST_MISMATCH = _r(
    "canonical-host-mismatch", "Host does not end on the canonical host", Severity.MEDIUM,
    "Two hosts serving the same site split cookies, logins and search ranking; a wrong target "
    "breaks links.",
    "Redirect the apex/www twin (and stray redirects) to targets.canonical with a 301.")
REDIRECT_DOWNGRADE = _r(
    "redirect-downgrade", "Redirect chain goes from HTTPS back to HTTP", Severity.HIGH,
    "One plain-HTTP hop lets a network attacker take over the whole navigation (and strips "
    "cookies' protection).",
    "Make every Location header an https:// URL.")
REDIRECT_OFFSITE = _r(
    "redirect-offsite", "Redirect leaves the configured domains", Severity.MEDIUM,
    "Sending visitors through another registrable domain is how hijacked DNS, expired CDN setups "
    "and open redirects show up.",
    "Redirect within your own domains, or list the intended external host in "
    "web.allowed_redirect_domains.")
HSTS_MISSING = _r(
    "hsts-missing", "No Strict-Transport-Security header", Severity.MEDIUM,
    "Without HSTS the first request of every visit can be downgraded to HTTP by a network "
    "attacker.",
    "Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every HTTPS "
    "response.")
HSTS_WEAK = _r(
    "hsts-weak", "HSTS max-age shorter than required", Severity.LOW,
    "A short max-age expires between visits, re-opening the downgrade window.",
    "Use max-age of at least 15552000 (180 days), ideally 31536000; consider includeSubDomains "
    "and preload.")
CSP_MISSING = _r(
    "csp-missing", "No Content-Security-Policy", Severity.MEDIUM,
    "Without a CSP any injected script runs with full access to the page and its session.",
    "Send a Content-Security-Policy (start from `default-src 'self'; frame-ancestors 'none'`).")
CSP_UNSAFE_INLINE = _r(
    "csp-unsafe-inline", "CSP allows inline scripts", Severity.MEDIUM,
    "'unsafe-inline' in script-src without a nonce or hash lets injected <script> run: the CSP "
    "stops no XSS.",
    "Use nonces or hashes for inline scripts and drop 'unsafe-inline' from script-src.")
NOSNIFF_MISSING = _r(
    "nosniff-missing", "No X-Content-Type-Options: nosniff", Severity.LOW,
    "Browsers may sniff uploads or API responses as HTML or script.",
    "Send `X-Content-Type-Options: nosniff` on every response.")
FRAMING_UNPROTECTED = _r(
    "framing-unprotected", "Page can be framed by any site", Severity.MEDIUM,
    "Without frame-ancestors or X-Frame-Options the page can be overlaid for clickjacking.",
    "Add `frame-ancestors 'none'` (or 'self') to the CSP, or send `X-Frame-Options: DENY`.")
REFERRER_POLICY_MISSING = _r(
    "referrer-policy-missing", "No Referrer-Policy", Severity.LOW,
    "Full URLs (tokens in query strings, private paths) may leak to third parties in the Referer "
    "header.",
    "Send `Referrer-Policy: strict-origin-when-cross-origin` (or stricter).")
PRIVATE_PAGE_CACHEABLE = _r(
    "private-page-cacheable", "Private or per-request response may be stored by a shared cache",
    Severity.HIGH,
    "A CDN or proxy that stores an authenticated page serves one user's data to the next visitor.",
    "Send `Cache-Control: private, no-store` on authenticated, admin and webhook routes; a "
    "private page that browsers may reuse must also say `Vary: Cookie` (or Authorization).")
STATIC_NOT_CACHED = _r(
    "static-not-cached", "Static asset is not cached long enough", Severity.LOW,
    "Every page view re-downloads or revalidates assets: slower pages and more origin load.",
    "Serve fingerprinted assets with `Cache-Control: public, max-age=31536000, immutable`, others "
    "with a max-age of at least a day.")
CORS_WILDCARD_CREDENTIALS = _r(
    "cors-wildcard-credentials", "CORS allows any origin with credentials", Severity.HIGH,
    "`Access-Control-Allow-Origin: *` with credentials shows a policy meant to let any site read "
    "authenticated responses.",
    "Allow an explicit list of origins; never combine * with Access-Control-Allow-Credentials: "
    "true.")
CORS_REFLECTED_ORIGIN = _r(
    "cors-reflected-origin", "CORS reflects any Origin with credentials", Severity.HIGH,
    "Any website a logged-in user visits can read their API responses (account data, tokens).",
    "Compare the Origin against an allow-list before echoing it; send credentials only to trusted "
    "origins.")
COOKIE_INSECURE = _r(
    "cookie-insecure", "Cookie set without Secure, HttpOnly or SameSite", Severity.MEDIUM,
    "A session cookie without Secure travels over HTTP; without HttpOnly any XSS can steal it.",
    "Set cookies with `Secure; HttpOnly; SameSite=Lax` (Strict for admin sessions).")
VERSION_DISCLOSURE = _r(
    "version-disclosure", "Server software version disclosed", Severity.LOW,
    "Exact versions in Server/X-Powered-By make it cheap to match the host against known CVEs.",
    "Hide versions (nginx: `server_tokens off;`; Express: `app.disable('x-powered-by')`).")
SENSITIVE_FILE_EXPOSED = _r(
    "sensitive-file-exposed", "Sensitive file is publicly served", Severity.BLOCKER,
    "Environment files, git metadata, database dumps and keyed configs hand attackers credentials "
    "and source.",
    "Remove the file from the web root (or deny the path) and rotate every credential it "
    "contained.")
ADMIN_UNPROTECTED = _r(
    "admin-unprotected", "Admin route answers without authentication", Severity.BLOCKER,
    "Anyone who finds the URL gets the admin interface.",
    "Require authentication on admin routes (redirect to login or answer 401/403), ideally also "
    "an IP allow-list.")
ERROR_PAGE_LEAK = _r(
    "error-page-leak", "Error page shows a stack trace or debug page", Severity.MEDIUM,
    "Stack traces and debug pages reveal code, paths, versions and sometimes settings and secrets.",
    "Turn off debug mode in production and serve a generic error page.")
UNREACHABLE = _r(
    "unreachable", "Host does not answer", Severity.HIGH,
    "The host is down for users (connection refused, reset, timeout or no address).",
    "Check that the host's DNS, load balancer and server are up, or remove it from targets.hosts.")

MIXED_CONTENT = _r(
    "mixed-content", "HTTPS page loads a subresource over plain HTTP", Severity.HIGH,
    "Browsers block active mixed content (scripts, frames, stylesheets, fetches: the page "
    "breaks) and show a broken padlock for passive content (images, media) that a network "
    "attacker can swap.",
    "Load every subresource over https:// (or a relative URL); add "
    "`upgrade-insecure-requests` to the CSP meanwhile.",
    suppress="Passive content (img, audio, video, source) is reported at medium, active at high.")
PUBLIC_CACHE_SETS_COOKIE = _r(
    "public-cache-sets-cookie", "Shared-cacheable response sets a cookie", Severity.HIGH,
    "A CDN that stores the response hands the same Set-Cookie (a session, a CSRF token) to "
    "every later visitor: one user's session becomes everyone's.",
    "Send `Cache-Control: private, no-store` on responses that set cookies, or set cookies "
    "only on uncached routes.")
WRITE_CACHEABLE = _r(
    "write-cacheable", "Write request answered with a cacheable response", Severity.MEDIUM,
    "A cache that stores the answer to a POST/PUT/PATCH/DELETE replays one user's result (an "
    "order, an account change) to others, or hides that the write ran.",
    "Answer writes with `Cache-Control: no-store`.")
PUBLIC_NOT_CACHEABLE = _r(
    "public-not-cacheable", "Public route sends no cache headers", Severity.LOW,
    "Without Cache-Control or Expires neither the CDN nor the browser may reuse the page: "
    "every visit hits the origin, which is slower and falls over first under a traffic spike.",
    "Send `Cache-Control: public, max-age=60` (or s-maxage for the CDN) on public pages, or "
    "`no-store` where they must never be reused.")
ERROR_PAGE_INTERNAL_IDS = _r(
    "error-page-internal-ids", "Error page shows internal identifiers", Severity.MEDIUM,
    "UUIDs, database ids, SQL, internal host names, file paths and framework banners on an "
    "error page map the system for an attacker (id enumeration, injection points, which "
    "framework and version).",
    "Serve a generic error page; log the details server-side and show only a request id.",
    suppress="A UUID labelled as a request, trace or correlation id is not reported.")
WEBHOOK_UNSIGNED_ACCEPTED = _r(
    "webhook-unsigned-accepted", "Webhook endpoint accepts events without a valid signature",
    Severity.HIGH,
    "Anyone who finds the URL can forge provider events (a paid order, a merged pull request) and "
    "the app acts on them.",
    "Verify the provider's signature (Stripe-Signature, X-Hub-Signature-256, X-Slack-Signature) "
    "with the signing secret before acting; answer 400/401 when it is missing or wrong.",
    suppress="Drop the route's provider to stop the probe (it stays a private webhook route).")
WEBHOOK_SLOW = _r(
    "webhook-slow", "Webhook endpoint answers slower than the provider's retry timeout",
    Severity.MEDIUM,
    "The provider gives up waiting and delivers the event again: duplicate orders, mails or jobs.",
    "Answer 2xx as soon as the event is verified and stored; do the work in a background job.",
    suppress="Set the route's retry_timeout_s to the timeout your provider really uses.")
ORIGIN_BYPASS = _r(
    "origin-bypass", "Origin server answers the public host name directly", Severity.HIGH,
    "Anyone who learns the origin address skips the edge: its DDoS protection, WAF, rate limits "
    "and caching.",
    "Accept traffic on the origin only from the edge (its published IP ranges, authenticated "
    "origin pulls or a secret header) and refuse the public host name from anywhere else.")

RULES = (HTTPS_REDIRECT_MISSING, REDIRECT_LOOP, REDIRECT_CHAIN_LONG, REDIRECT_DROPS_PATH,
         REDIRECT_TEMPORARY,
         CANONICAL_HOST_MISMATCH, REDIRECT_DOWNGRADE, REDIRECT_OFFSITE, HSTS_MISSING, HSTS_WEAK,
         CSP_MISSING,
         CSP_UNSAFE_INLINE, NOSNIFF_MISSING, FRAMING_UNPROTECTED, REFERRER_POLICY_MISSING,
         PRIVATE_PAGE_CACHEABLE,
         STATIC_NOT_CACHED, CORS_WILDCARD_CREDENTIALS, CORS_REFLECTED_ORIGIN, COOKIE_INSECURE,
         VERSION_DISCLOSURE,
         SENSITIVE_FILE_EXPOSED, ADMIN_UNPROTECTED, ERROR_PAGE_LEAK, UNREACHABLE,
         MIXED_CONTENT, PUBLIC_CACHE_SETS_COOKIE, WRITE_CACHEABLE, PUBLIC_NOT_CACHEABLE,
         ERROR_PAGE_INTERNAL_IDS, WEBHOOK_UNSIGNED_ACCEPTED, WEBHOOK_SLOW, ORIGIN_BYPASS)
