// The Kubernetes CEL libraries (k8s.io/apiserver/pkg/cel/library), each with passing and failing cases and the
// errors Kubernetes gives. Examples are those of the library's documentation where it has them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCel, type CelOutcome } from '../../server/src/core/cel';

function run(rule: string, self: unknown = null): CelOutcome['kind'] {
  return compileCel(rule).evaluate(self).kind;
}

function all(kind: CelOutcome['kind'], rules: string[], self: unknown = null): void {
  for (const rule of rules) assert.equal(run(rule, self), kind, rule);
}

void test('quantity: apimachinery syntax, exact values', () => {
  all('pass', [
    'isQuantity("1.3G") && isQuantity("1.3Gi") && isQuantity("10000k") && isQuantity("500m") && isQuantity("1e3") && isQuantity("-2E-1")',
    'quantity("1") == quantity("1000m") && quantity("1Ki") == quantity("1024")',
    'quantity("200M").compareTo(quantity("0.2G")) == 0',
    'quantity("50M").compareTo(quantity("50Mi")) == -1 && quantity("50Mi").compareTo(quantity("50M")) == 1',
    'quantity("150Mi").isGreaterThan(quantity("100Mi")) && quantity("50M").isLessThan(quantity("100M"))',
    'quantity("50k").asInteger() == 50000 && quantity("50000000G").isInteger()',
    'quantity("50k").sub(20000).asApproximateFloat() == 30000.0',
    'quantity("50k").add(20).sub(quantity("100k")).sub(-50000) == quantity("20")',
    'quantity("50k").add(quantity("20k")) == quantity("70k")',
    'quantity("-1").sign() == -1 && quantity("0").sign() == 0 && sign(quantity("2Gi")) == 1',
    'quantity("1n").isGreaterThan(quantity("0"))',
    'quantity(self.cpu).isLessThan(quantity("2"))',
  ], { cpu: '1500m' });
  all('fail', [
    'isQuantity("1,3G")', 'isQuantity("200K")', 'isQuantity("Three")', 'isQuantity("Mi")', 'isQuantity("1.5 Gi")',
    'quantity("1.5").isInteger()', 'quantity("50Mi").isGreaterThan(quantity("100Mi"))',
  ]);
  all('error', [
    'quantity("200K") == quantity("200k")', 'quantity("Three").sign() == 1',
    'quantity("1.5").asInteger() == 1', 'quantity("99999999999999999999999999Ei").asInteger() > 0',
    'quantity("1") < quantity("2")',
  ]);
});

void test('url: absolute URIs and absolute paths, taken apart as Go does', () => {
  all('pass', [
    'isURL("https://user:pass@example.com:80/path?query=val#fragment") && isURL("/absolute-path")',
    'url("/path").getScheme() == "" && url("https://example.com/").getScheme() == "https"',
    'url("https://example.com:80/").getHost() == "example.com:80" && url("https://example.com/").getHost() == "example.com"',
    'url("https://[::1]:80/").getHost() == "[::1]:80" && url("https://[::1]/").getHost() == "[::1]" && url("/path").getHost() == ""',
    'url("https://example.com:80/").getHostname() == "example.com" && url("https://[::1]:80/").getHostname() == "::1"',
    'url("https://example.com:80/").getPort() == "80" && url("https://example.com/").getPort() == ""',
    'url("https://example.com/path").getEscapedPath() == "/path" && url("https://example.com").getEscapedPath() == ""',
    'url("https://example.com/path with spaces/").getEscapedPath() == "/path%20with%20spaces/"',
    'url("https://example.com/a%2Fb").getEscapedPath() == "/a%2Fb"',
    'url("https://example.com/path?k1=a&k2=b&k2=c").getQuery() == {"k1": ["a"], "k2": ["b", "c"]}',
    'url("https://example.com/path?key with spaces=value with spaces").getQuery() == {"key with spaces": ["value with spaces"]}',
    'url("https://example.com/path?").getQuery() == {} && url("https://example.com/path").getQuery() == {}',
    'url("HTTPS://example.com/#frag").getScheme() == "https"',
  ]);
  all('fail', ['isURL("https://a:b:c/")', 'isURL("../relative-path")', 'isURL("")', 'isURL("example.com")', 'isURL("https://exa mple.com/")', 'isURL("/bad%zzescape")']);
  all('error', ['url("../relative-path").getHost() == ""', 'url("https://a:b:c/") == url("https://a:b:c/")']);
});

void test('ip: netip parsing, Kubernetes refusals, canonical form', () => {
  all('pass', [
    'isIP("127.0.0.1") && isIP("::1") && isIP("2001:db8::abcd") && isIP("::1.2.3.4")',
    'ip("127.0.0.1").family() == 4 && ip("::1").family() == 6',
    'ip("0.0.0.0").isUnspecified() && ip("::").isUnspecified() && !ip("::1").isUnspecified()',
    'ip("127.0.0.1").isLoopback() && !ip("192.168.0.1").isLoopback() && ip("::1").isLoopback()',
    'ip("224.0.0.1").isLinkLocalMulticast() && !ip("224.0.1.1").isLinkLocalMulticast() && ip("ff02::1").isLinkLocalMulticast()',
    'ip("169.254.169.254").isLinkLocalUnicast() && ip("fe80::1").isLinkLocalUnicast() && !ip("fd80::1").isLinkLocalUnicast()',
    'ip("192.168.0.1").isGlobalUnicast() && !ip("255.255.255.255").isGlobalUnicast() && ip("2001:db8::abcd").isGlobalUnicast() && !ip("ff00::1").isGlobalUnicast()',
    'ip.isCanonical("127.0.0.1") && ip.isCanonical("2001:db8::abcd") && !ip.isCanonical("2001:DB8::ABCD") && !ip.isCanonical("2001:db8::0:0:0:abcd")',
    'string(ip("2001:DB8:0:0:1:0:0:1")) == "2001:db8::1:0:0:1" && string(ip("1:0:0:1:0:0:0:1")) == "1:0:0:1::1"',
    'ip("10.0.0.1") == ip("10.0.0.1") && ip("::1") != ip("::2")',
  ]);
  all('fail', ['isIP("127.0.0.256")', 'isIP(":::1")', 'isIP("01.2.3.4")', 'isIP("fe80::1%eth0")', 'isIP("::ffff:1.2.3.4")', 'isIP("1:2:3:4:5:6:7:8:9")', 'isIP("1::2::3")', 'isIP("")']);
  all('error', ['ip("127.0.0.256").family() == 4', 'ip("::ffff:1.2.3.4").family() == 6', 'ip("fe80::1%eth0").isLoopback()']);
});

void test('cidr: containment, masking, prefix length', () => {
  all('pass', [
    'isCIDR("192.168.0.0/16") && isCIDR("::1/128") && isCIDR("192.168.0.1/16")',
    'cidr("192.168.0.0/24").containsIP(ip("192.168.0.1")) && !cidr("192.168.0.0/24").containsIP(ip("192.168.1.1"))',
    'cidr("192.168.0.0/24").containsIP("192.168.0.1") && !cidr("192.168.0.0/24").containsIP("192.168.1.1")',
    'cidr("192.168.0.0/16").containsCIDR(cidr("192.168.10.0/24")) && !cidr("192.168.1.0/24").containsCIDR(cidr("192.168.2.0/24"))',
    'cidr("192.168.0.0/16").containsCIDR("192.168.10.0/24") && !cidr("192.168.10.0/24").containsCIDR("192.168.0.0/16")',
    'cidr("192.168.0.1/24").ip() == ip("192.168.0.1") && cidr("::1/128").ip().family() == 6',
    'cidr("192.168.0.1/24").masked() == cidr("192.168.0.0/24") && cidr("192.168.0.1/24") != cidr("192.168.0.1/24").masked()',
    'cidr("192.168.0.0/16").prefixLength() == 16 && cidr("::1/128").prefixLength() == 128',
    'string(cidr("2001:DB8::/32")) == "2001:db8::/32" && !cidr("10.0.0.0/8").containsIP(ip("::1"))',
  ]);
  all('fail', ['isCIDR("192.168.0.0/33")', 'isCIDR("::1/129")', 'isCIDR("192.168.0.0")', 'isCIDR("192.168.0.0/016")', 'isCIDR("::ffff:1.2.3.4/120")']);
  all('error', ['cidr("192.168.0.0/33").prefixLength() == 33', 'cidr("10.0.0.0/8").containsIP("10.0.0.256")']);
});

void test('lists: isSorted, sum, min, max, indexOf, lastIndexOf', () => {
  all('pass', [
    '[1, 2, 3].isSorted() && ["a", "b", "b", "c"].isSorted() && [1].isSorted() && [].isSorted() && ![2.0, 1.0].isSorted()',
    '[1, 3].sum() == 4 && [1.0, 3.0].sum() == 4.0 && [].sum() == 0',
    '[1, 3].min() == 1 && [1, 3].max() == 3 && [1].min() == 1 && ["b", "a"].min() == "a"',
    '[1, 2, 2, 3].indexOf(2) == 1 && ["a", "b", "b", "c"].lastIndexOf("b") == 2 && [1.0].indexOf(1.1) == -1 && [].indexOf("x") == -1',
    '[[1], [2]].indexOf([2]) == 1 && [1, 2.0].indexOf(2) == 1',
    'self.ports.isSorted() && self.ports.max() < 65536',
  ], { ports: [80, 443, 8080] });
  all('fail', ['self.ports.isSorted()'], { ports: [443, 80] });
  all('error', ['[].min() == 0', '[].max() == 0', '[9223372036854775807, 1].sum() > 0', '[1, "a"].sum() == 1', '[1, "a"].isSorted()']);
});

void test('regex: find and findAll on RE2, with Go FindAllString semantics', () => {
  all('pass', [
    '"abc 123".find("[0-9]+") == "123" && "abc 123".find("xyz") == ""',
    '"123 abc 456".findAll("[0-9]+") == ["123", "456"] && "123 abc 456".findAll("[0-9]+", 1) == ["123"]',
    '"123 abc 456".findAll("xyz") == [] && "123 abc 456".findAll("[0-9]+", -1) == ["123", "456"]',
    '"ab".findAll("x*") == ["", "", ""] && "abc".findAll("b*") == ["", "b", ""]',
  ]);
  all('error', ['"abc".find("(") == ""', '"abc".findAll("a(?=b)") == []']);
  const hostile = `${'a'.repeat(50_000)}!`;
  const started = Date.now();
  assert.equal(compileCel('self.findAll("(a+)+$").size() == 0 && self.find("(a|aa)+!") != ""').evaluate(hostile, 1e9).kind, 'pass');
  assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
});

void test('format: the named formats of Kubernetes, validate giving an optional list of errors', () => {
  all('pass', [
    '!format.dns1123Label().validate("my-label-name").hasValue()',
    'format.dns1123Label().validate("My_Label").value() == ["a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')"]',
    'format.dns1123Label().validate("a".repeat(64)).hasValue()'.replace('"a".repeat(64)', `"${'a'.repeat(64)}"`),
    '!format.dns1123Subdomain().validate("apiextensions.k8s.io").hasValue() && format.dns1123Subdomain().validate("-a.b").hasValue()',
    '!format.dns1035Label().validate("my-label-name").hasValue() && format.dns1035Label().validate("1abc").hasValue()',
    '!format.qualifiedName().validate("apiextensions.k8s.io/v1beta1").hasValue() && format.qualifiedName().validate("a/b/c").hasValue()',
    'format.qualifiedName().validate("/x").value() == ["prefix part must be non-empty"]',
    '!format.dns1123LabelPrefix().validate("my-label-prefix-").hasValue() && format.dns1123Label().validate("my-label-prefix-").hasValue()',
    '!format.dns1123SubdomainPrefix().validate("mysubdomain.prefix.-").hasValue() && !format.dns1035LabelPrefix().validate("my-label-prefix-").hasValue()',
    '!format.labelValue().validate("").hasValue() && !format.labelValue().validate("my_value").hasValue() && format.labelValue().validate("-x").hasValue()',
    '!format.uri().validate("http://example.com").hasValue() && format.uri().validate("../x").hasValue()',
    '!format.uuid().validate("123e4567-e89b-12d3-a456-426614174000").hasValue() && format.uuid().validate("123e4567").hasValue()',
    '!format.byte().validate("aGVsbG8=").hasValue() && format.byte().validate("aGVsbG8").value() == ["invalid base64"]',
    '!format.date().validate("2021-01-01").hasValue() && format.date().validate("2021-02-30").hasValue()',
    '!format.datetime().validate("2021-01-01T00:00:00Z").hasValue() && format.datetime().validate("2021-01-01").hasValue()',
    'format.named("dns1123Label").hasValue() && !format.named("nope").hasValue()',
    '!format.named("dns1123Label").value().validate("ok").hasValue()',
    'format.dns1123Label().validate("x_y").orValue(["fine"]).size() == 1 && format.dns1123Label().validate("xy").orValue(["fine"]) == ["fine"]',
  ]);
  all('error', ['format.named("nope").value().validate("x").hasValue()', 'format.dns1123Label().validate("ok").value().size() == 0']);
});
