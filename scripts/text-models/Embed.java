import dev.parley.textmodel.MiniLm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints the node's sentence embedding (the bundled MiniLM, as the node runs it) of each line read
 * from standard input into the file named by the first argument: one line of space-separated numbers per
 * input line, in order (a file, since the node's log goes to standard output). train.py
 * reads them; see README.md for how to run it.
 */
public class Embed {
    public static void main(String[] args) throws Exception {
        MiniLm model = new MiniLm(Path.of(System.getProperty("java.io.tmpdir"), "parley-embed"));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            float[] v = model.embedOpening(line.replace("\\n", "\n")); // as the classifiers read; a line break travels as \n
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < v.length; i++) {
                b.append(i == 0 ? "" : " ").append(v[i]);
            }
            out.println(b);
        }
        out.close();
    }
}
