package io.caravan.check.dmarc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OrganizationalDomainTest {

    @Test
    void aRegisteredDomainIsItsOwnOrganizationalDomain() {
        assertEquals("example.com", OrganizationalDomain.of("example.com"));
    }

    @Test
    void subdomainsBelongToTheRegisteredDomainBelowTheSuffix() {
        assertEquals("example.com", OrganizationalDomain.of("a.b.example.com"));
    }

    @Test
    void multiLabelPublicSuffixesKeepOneMoreLabel() {
        assertEquals("example.co.uk", OrganizationalDomain.of("a.b.example.co.uk"));
        assertEquals("example.co.uk", OrganizationalDomain.of("example.co.uk"));
    }

    @Test
    void privateSuffixesSuchAsBlogspotMakeEachCustomerItsOwnOrganization() {
        assertEquals("foo.blogspot.com", OrganizationalDomain.of("a.foo.blogspot.com"));
        assertEquals("alice.github.io", OrganizationalDomain.of("www.alice.github.io"));
    }

    @Test
    void aNameThatIsItselfAPublicSuffixIsReturnedAsIs() {
        assertEquals("co.uk", OrganizationalDomain.of("co.uk"));
        assertEquals("com", OrganizationalDomain.of("com"));
        assertEquals("blogspot.com", OrganizationalDomain.of("blogspot.com"));
    }

    @Test
    void aNameUnderNoKnownSuffixIsReturnedAsIs() {
        assertEquals("host.corp.internal", OrganizationalDomain.of("host.corp.internal"));
        assertEquals("under_score.example.invalid-tld", OrganizationalDomain.of("under_score.example.invalid-tld"));
    }

    @Test
    void answersInLowerCaseWithoutTheTrailingDot() {
        assertEquals("example.com", OrganizationalDomain.of("Mail.EXAMPLE.com."));
    }

    @Test
    void internationalizedNamesAnswerInIdnaALabels() {
        assertEquals("xn--bcher-kva.de", OrganizationalDomain.of("mail.Bücher.de"));
        assertEquals("xn--e1afmkfd.xn--p1ai", OrganizationalDomain.of("почта.пример.рф"));
    }
}
