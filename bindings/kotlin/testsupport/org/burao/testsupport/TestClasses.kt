package org.burao.testsupport

import java.io.File
import java.lang.reflect.Modifier
import org.junit.Test

/**
 * Finds the JUnit test classes among compiled classes, so no test script lists them by hand:
 * every top-level, concrete, public class under the given class directories that declares a
 * method annotated `@org.junit.Test`. Only class files that name that annotation are loaded
 * (others, such as classes compiled against android.jar for a newer JVM, are never touched),
 * without being initialised (no static initialiser runs, no native library loads); one that
 * names it but cannot be loaded is an error, never a skip. Prints one class name a line, sorted.
 *
 *   java -cp CLASSPATH org.burao.testsupport.TestClasses CLASS_DIR...
 *
 * Exits 1 when a directory is missing or holds no test class: a suite that finds nothing fails.
 */
object TestClasses {
    fun find(dirs: List<File>): List<String> {
        val loader = TestClasses::class.java.classLoader
        return dirs.flatMap { dir ->
            require(dir.isDirectory) { "no class directory $dir" }
            dir.walkTopDown()
                .filter { it.isFile && it.name.endsWith(".class") && '$' !in it.name && namesTest(it) }
                .map { it.relativeTo(dir).path.removeSuffix(".class").replace(File.separatorChar, '.') }
                .filter { name ->
                    val c = try {
                        Class.forName(name, false, loader)
                    } catch (e: LinkageError) {
                        throw IllegalArgumentException("cannot load $name: $e")
                    }
                    isTestClass(c)
                }
                .toList()
        }.distinct().sorted()
    }

    private val TEST_DESCRIPTOR = "Lorg/junit/Test;".toByteArray(Charsets.US_ASCII)

    /** Whether the class file's constant pool names `@org.junit.Test` (a cheap first filter). */
    private fun namesTest(f: File): Boolean {
        val b = f.readBytes()
        return (0..b.size - TEST_DESCRIPTOR.size).any { i -> TEST_DESCRIPTOR.indices.all { b[i + it] == TEST_DESCRIPTOR[it] } }
    }

    private fun isTestClass(c: Class<*>): Boolean =
        Modifier.isPublic(c.modifiers) && !Modifier.isAbstract(c.modifiers) && !c.isInterface &&
            c.declaredMethods.any { it.isAnnotationPresent(Test::class.java) }

    @JvmStatic
    fun main(args: Array<String>) {
        val found = try {
            find(args.map(::File))
        } catch (e: IllegalArgumentException) {
            System.err.println("[TestClasses] ERROR: ${e.message}")
            kotlin.system.exitProcess(1)
        }
        if (found.isEmpty()) {
            System.err.println("[TestClasses] ERROR: no @Test class under ${args.joinToString(" ")}")
            kotlin.system.exitProcess(1)
        }
        found.forEach(::println)
    }
}
