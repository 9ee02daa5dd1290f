/*
 * Helper prototypes for the files that implement helpers: include this,
 * then the target's "helper.h".  See "tcg/helper-gen.h".
 */
#ifndef TCG_HELPER_PROTO_H
#define TCG_HELPER_PROTO_H

#include "tcg/helper-head.h"

#endif

#undef DEF_HELPER_FLAGS_0
#define DEF_HELPER_FLAGS_0(NAME, FLAGS, ret) \
    dh_ctype(ret) helper_##NAME(void);
#undef DEF_HELPER_FLAGS_1
#define DEF_HELPER_FLAGS_1(NAME, FLAGS, ret, t1) \
    dh_ctype(ret) helper_##NAME(dh_ctype(t1));
#undef DEF_HELPER_FLAGS_2
#define DEF_HELPER_FLAGS_2(NAME, FLAGS, ret, t1, t2) \
    dh_ctype(ret) helper_##NAME(dh_ctype(t1), dh_ctype(t2));
#undef DEF_HELPER_FLAGS_3
#define DEF_HELPER_FLAGS_3(NAME, FLAGS, ret, t1, t2, t3) \
    dh_ctype(ret) helper_##NAME(dh_ctype(t1), dh_ctype(t2), dh_ctype(t3));
#undef DEF_HELPER_FLAGS_4
#define DEF_HELPER_FLAGS_4(NAME, FLAGS, ret, t1, t2, t3, t4) \
    dh_ctype(ret) helper_##NAME(dh_ctype(t1), dh_ctype(t2), dh_ctype(t3),     \
            dh_ctype(t4));
#undef DEF_HELPER_FLAGS_5
#define DEF_HELPER_FLAGS_5(NAME, FLAGS, ret, t1, t2, t3, t4, t5) \
    dh_ctype(ret) helper_##NAME(dh_ctype(t1), dh_ctype(t2), dh_ctype(t3),     \
            dh_ctype(t4), dh_ctype(t5));
#undef DEF_HELPER_FLAGS_6
#define DEF_HELPER_FLAGS_6(NAME, FLAGS, ret, t1, t2, t3, t4, t5, t6) \
    dh_ctype(ret) helper_##NAME(dh_ctype(t1), dh_ctype(t2), dh_ctype(t3),     \
            dh_ctype(t4), dh_ctype(t5), dh_ctype(t6));
