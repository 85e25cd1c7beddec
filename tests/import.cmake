# Trace importers (cowfuzz import): docs/import.md.
#  - import_unit: rounding, windows, garbage, comment text (tests/import_test.c)
#  - import_fixture_*: small hand-made traces with hand-checked output
#  - import_trace_*: every trace under shared/traces against the exact counts
#    in tests/import_expected.txt (skip, code 77, when shared/ is absent)
#  - import_expected_complete: every trace file there has an expectation
#  - import_cli: exit codes and the exact summary of 'cowfuzz import'
#  - import_corpus_parse / import_corpus_run: corpus/imported parses and runs
set(IMPORT_FIXTURES ${CMAKE_CURRENT_LIST_DIR}/fixtures/import)
set(IMPORT_TRACES ${COWFUZZ_SHARED}/traces)

add_executable(import_test ${CMAKE_CURRENT_LIST_DIR}/import_test.c)
target_link_libraries(import_test PRIVATE cowfuzz_import)

add_test(NAME import_unit COMMAND import_test unit)

foreach(fx "fd_dup|strace|fd_dup.strace" "unfinished|strace|unfinished.strace"
           "annotated|strace|annotated.y.strace" "skip|fsx|skip.fsxops"
           "mixed|ftrace|mixed.ftrace.txt" "atomic|strace|atomic.strace"
           "falloc|strace|falloc.strace")
  string(REPLACE "|" ";" fx "${fx}")
  list(GET fx 0 name)
  list(GET fx 1 fmt)
  list(GET fx 2 trace)
  add_test(NAME import_fixture_${name}
           COMMAND import_test fixture ${fmt} ${IMPORT_FIXTURES}/${trace}
                   ${IMPORT_FIXTURES}/${name}.expected)
endforeach()

# One test per expectation line "FORMAT|PATH|SUMMARY".
file(STRINGS ${CMAKE_CURRENT_LIST_DIR}/import_expected.txt IMPORT_EXPECTED REGEX "^[a-z]+\\|")
set(IMPORT_KNOWN "")
foreach(line ${IMPORT_EXPECTED})
  string(REPLACE "|" ";" parts "${line}")
  list(GET parts 0 fmt)
  list(GET parts 1 rel)
  list(GET parts 2 summary)
  list(APPEND IMPORT_KNOWN ${rel})
  string(REGEX REPLACE "[^A-Za-z0-9_.-]" "_" tname "${rel}")
  add_test(NAME import_trace_${tname}
           COMMAND import_test summary ${fmt} ${IMPORT_TRACES}/${rel} "${summary}")
  set_tests_properties(import_trace_${tname} PROPERTIES SKIP_RETURN_CODE 77)
endforeach()

# Every strace, fsx and ftrace text file in shared/traces must be listed.
if(EXISTS ${IMPORT_TRACES})
  file(GLOB_RECURSE found RELATIVE ${IMPORT_TRACES}
       ${IMPORT_TRACES}/*.strace ${IMPORT_TRACES}/*.fsxops ${IMPORT_TRACES}/*.fsxlog
       ${IMPORT_TRACES}/*.trace ${IMPORT_TRACES}/*.tracefs.txt
       ${IMPORT_TRACES}/*report.txt ${IMPORT_TRACES}/ftrace/real-excerpts-public/20*.txt
       ${IMPORT_TRACES}/fsx/*/replay*.stdout.txt)
  set(missing "")
  foreach(rel ${found})
    list(FIND IMPORT_KNOWN ${rel} idx)
    if(idx LESS 0)
      list(APPEND missing ${rel})
    endif()
  endforeach()
  if(missing)
    add_test(NAME import_expected_complete
             COMMAND ${CMAKE_COMMAND} -E echo "no expectation in tests/import_expected.txt for: ${missing}")
    set_tests_properties(import_expected_complete PROPERTIES WILL_FAIL TRUE)
  else()
    add_test(NAME import_expected_complete COMMAND ${CMAKE_COMMAND} -E true)
  endif()
endif()

add_test(NAME import_cli
         COMMAND ${CMAKE_COMMAND} -DCOWFUZZ=$<TARGET_FILE:cowfuzz>
                 -DFIXTURES=${IMPORT_FIXTURES} -DOUT=${CMAKE_CURRENT_BINARY_DIR}/import_cli
                 -P ${IMPORT_FIXTURES}/cli_check.cmake)

add_test(NAME import_corpus_parse
         COMMAND import_test corpus ${COWFUZZ_ROOT}/corpus/imported)
set_tests_properties(import_corpus_parse PROPERTIES SKIP_RETURN_CODE 77)
add_test(NAME import_corpus_run
         COMMAND ${CMAKE_COMMAND} -DCOWFUZZ=$<TARGET_FILE:cowfuzz>
                 -DCORPUS=${COWFUZZ_ROOT}/corpus/imported
                 -P ${IMPORT_FIXTURES}/corpus_run.cmake)

# A buffered fsx trace keeps its byte offsets and its windows run clean.
add_test(NAME import_bytes_fsx
         COMMAND ${CMAKE_CURRENT_LIST_DIR}/import_bytes.sh $<TARGET_FILE:cowfuzz>
                 ${IMPORT_TRACES}/fsx/ext4-g522style-buffered/fsxfile_ext4.fsxops)
set_tests_properties(import_bytes_fsx PROPERTIES SKIP_RETURN_CODE 77)
