kemu-obj += hw/rtc/pl031.o
kemu-obj += hw/rtc/mc146818rtc.o
