package dev.j2cmsis.sim.board;

import dev.j2cmsis.sim.data.IdxReader;
import dev.j2cmsis.sim.runtime.Q7Network;
import dev.j2cmsis.sim.testing.QemuUartBoard;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The board validation as one command: streams an IDX test set through a board running the serial harness and
 * prints the {@link ValidationResult}; exit status 0 when every output equals the simulator's, 1 when not, 2 for
 * bad arguments.
 *
 * <pre>
 * --network dev.j2cmsis.example.FashionLeNetQ7   the generated simulator class (on the class path)
 * --port /dev/ttyACM0 | COM3 | tcp:127.0.0.1:4444 | qemu:firmware.elf
 * --baud 115200                                   serial devices only
 * --images t10k-images-idx3-ubyte.gz [--labels t10k-labels-idx1-ubyte.gz] [--count 1000]
 * --timeout-ms 10000                              per image
 * </pre>
 *
 * {@code qemu:firmware.elf} starts {@code qemu-system-arm -M mps2-an386} with the ELF and its UART on a loopback
 * port; {@code tcp:} connects to one that is already listening (QEMU with {@code -serial
 * tcp:127.0.0.1:4444,server=on,wait=off}, or ser2net).
 */
public final class ValidateBoard {
    private ValidateBoard() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                return usage("not an option: " + args[i]);
            }
            a.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0 || !a.containsKey("network") || !a.containsKey("port") || !a.containsKey("images")) {
            return usage("--network, --port and --images are required");
        }
        Q7Network net = (Q7Network) Class.forName(a.get("network")).getConstructor().newInstance();
        int count = Integer.parseInt(a.getOrDefault("count", "10000"));
        List<byte[]> inputs = BoardValidator.inputs(net, Path.of(a.get("images")), count);
        int[] labels = a.containsKey("labels") ? IdxReader.readLabels(Path.of(a.get("labels")), inputs.size()) : null;
        BoardValidator.Options options = BoardValidator.Options.defaults()
                .withInference(Duration.ofMillis(Long.parseLong(a.getOrDefault("timeout-ms", "10000"))));
        BoardValidator validator = new BoardValidator(net, options);
        String port = a.get("port");
        ValidationResult r;
        if (port.startsWith("qemu:")) {
            try (QemuUartBoard board = QemuUartBoard.start(Path.of(port.substring(5)), Duration.ofSeconds(30))) {
                r = validator.validate(board.transport(), inputs, labels);
            }
        } else {
            try (Transport t = open(port, Integer.parseInt(a.getOrDefault("baud", "115200")))) {
                r = validator.validate(t, inputs, labels);
            }
        }
        System.out.print(r.render());
        return r.identical() ? 0 : 1;
    }

    private static Transport open(String port, int baud) throws IOException {
        if (port.startsWith("tcp:")) {
            String hostPort = port.substring(4);
            int colon = hostPort.lastIndexOf(':');
            InetAddress host = InetAddress.getByName(hostPort.substring(0, colon));
            return TcpTransport.connect(new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1))),
                    Duration.ofSeconds(10));
        }
        return SerialPortTransport.open(port, baud);
    }

    private static int usage(String problem) {
        System.err.println(problem + "\nusage: ValidateBoard --network <Q7 simulator class> --port <device|tcp:"
                + "127.0.0.1:PORT|qemu:ELF> --images <idx> [--labels <idx>] [--count N] [--baud B] [--timeout-ms T]");
        return 2;
    }
}
