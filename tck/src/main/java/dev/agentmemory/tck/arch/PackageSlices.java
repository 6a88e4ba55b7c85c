package dev.agentmemory.tck.arch;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;
import java.util.Set;

/** Thread-safe: immutable. The ways the rules cut the code base into slices. */
final class PackageSlices {

    /**
     * Subpackages that are tiers of the module their parent roots: the SPI, the machinery, and
     * core's search index, whose public building blocks speak in API types and serve the machinery.
     */
    private static final Set<String> TIERS_OF_THEIR_PARENT = Set.of("spi", "internal", "index");

    private PackageSlices() {}

    /** True if {@code packageName} is {@code root} or below it. */
    static boolean isUnder(String packageName, String root) {
        return packageName.equals(root) || packageName.startsWith(root + ".");
    }

    /**
     * One slice per package below {@code root}, except that a package's {@code spi},
     * {@code internal} and {@code index} subpackages (with everything below them) belong to it:
     * they are the tiers of one module, which may know each other. Classes outside {@code root} are
     * in no slice.
     */
    static SliceAssignment threeTierPackages(String root) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                if (!isUnder(name, root)) {
                    return SliceIdentifier.ignore();
                }
                String[] parts = name.split("\\.");
                int rootParts = root.split("\\.").length;
                StringBuilder slice = new StringBuilder(root);
                for (int i = rootParts; i < parts.length && !TIERS_OF_THEIR_PARENT.contains(parts[i]); i++) {
                    slice.append('.').append(parts[i]);
                }
                return SliceIdentifier.of(slice.toString());
            }

            @Override
            public String getDescription() {
                return "packages of " + root + " (a package's spi, internal and index subpackages counted with it)";
            }
        };
    }

    /** One slice per given package, each with its subpackages; other classes are in no slice. */
    static SliceAssignment eachWithItsSubpackages(List<String> packages) {
        return new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                return packages.stream()
                        .filter(p -> isUnder(name, p))
                        .findFirst()
                        .map(SliceIdentifier::of)
                        .orElse(SliceIdentifier.ignore());
            }

            @Override
            public String getDescription() {
                return "the packages " + packages + " with their subpackages";
            }
        };
    }
}
