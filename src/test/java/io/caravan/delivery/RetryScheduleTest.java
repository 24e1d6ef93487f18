package io.caravan.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryScheduleTest {

    @Test
    void stepsRepeatAsWrittenAndTheLastRepeatsForEver() {
        RetrySchedule s = RetrySchedule.parse("1m, 5m*2, 30m*4, 2h*...");

        assertEquals(Duration.ofMinutes(1), s.delayAfter(1));
        assertEquals(Duration.ofMinutes(5), s.delayAfter(2));
        assertEquals(Duration.ofMinutes(5), s.delayAfter(3));
        assertEquals(Duration.ofMinutes(30), s.delayAfter(4));
        assertEquals(Duration.ofMinutes(30), s.delayAfter(5));
        assertEquals(Duration.ofMinutes(30), s.delayAfter(6));
        assertEquals(Duration.ofMinutes(30), s.delayAfter(7));
        assertEquals(Duration.ofHours(2), s.delayAfter(8));
        assertEquals(Duration.ofHours(2), s.delayAfter(9));
        assertEquals(Duration.ofHours(2), s.delayAfter(10));
        assertEquals(Duration.ofHours(2), s.delayAfter(1000));
    }

    @Test
    void pastTheEndTheLastStepIsUsedEvenWithoutStarDots() {
        RetrySchedule s = RetrySchedule.parse("10s,1h");

        assertEquals(Duration.ofSeconds(10), s.delayAfter(1));
        assertEquals(Duration.ofHours(1), s.delayAfter(2));
        assertEquals(Duration.ofHours(1), s.delayAfter(50));
    }

    @Test
    void zeroAttemptsUsesTheFirstStep() {
        assertEquals(Duration.ofSeconds(30), RetrySchedule.parse("30s, 1h").delayAfter(0));
    }

    @Test
    void everyUnitIsUnderstoodCaseInsensitively() {
        RetrySchedule s = RetrySchedule.parse("250ms, 2S, 3M, 4h, 1D");

        assertEquals(Duration.ofMillis(250), s.delayAfter(1));
        assertEquals(Duration.ofSeconds(2), s.delayAfter(2));
        assertEquals(Duration.ofMinutes(3), s.delayAfter(3));
        assertEquals(Duration.ofHours(4), s.delayAfter(4));
        assertEquals(Duration.ofDays(1), s.delayAfter(5));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" names ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "''             | ''",
        "5x             | '5x'",
        "1m, 5x         | '5x'",
        "m              | 'm'",
        "1m*...,2m      | '1m*...'",
        "0s             | '0s'",
        "1m, 0ms*2      | '0ms*2'",
        "1m*0           | '1m*0'",
        "1m*1001        | '1m*1001'",
        "1m*x           | '1m*x'",
        "1m*-1          | '1m*-1'",
        "1m,,2m         | ''",
        "-1m            | '-1m'",
    })
    void invalidScheduleIsRejectedQuotingTheBadStep(String text, String quotedStep) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RetrySchedule.parse(text));

        assertTrue(e.getMessage().startsWith("'" + quotedStep + "'"), e.getMessage());
    }

    @Test
    void repeatCountOfAThousandIsAccepted() {
        RetrySchedule s = RetrySchedule.parse("1m*1000, 1h");

        assertEquals(Duration.ofMinutes(1), s.delayAfter(1000));
        assertEquals(Duration.ofHours(1), s.delayAfter(1001));
    }

    @Test
    void aStrayCommaIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> RetrySchedule.parse("1m,"));
        assertThrows(IllegalArgumentException.class, () -> RetrySchedule.parse("1m*...,"));
    }
}
