package dev.j2cmsis.sim.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ValidateBoardTest {
    @Test
    void missingOrMalformedArgumentsExitWithTwo() throws Exception {
        assertEquals(2, ValidateBoard.run(new String[0]));
        assertEquals(2, ValidateBoard.run(new String[] {"--network", "x", "--port"}));
        assertEquals(2, ValidateBoard.run(new String[] {"network", "x", "--port", "p", "--images", "i"}));
    }
}
